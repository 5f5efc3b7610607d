// The tracker on its own thread (start_tracking, declared with the rest of the set-up in
// tracker_factory.hpp): frames in, the newest HeadSample out, nothing queued.

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "pose/recent_samples.hpp"
#include "vision/background_work.hpp"
#include "vision/calibration.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/tracker_factory.hpp"

namespace midline {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPreviewWidth = 320;
constexpr int kPreviewEveryFrames = 2;

class TrackingThread final : public HeadSampleSource {
 public:
  explicit TrackingThread(TrackingRequest request)
      : request_(std::move(request)), thread_([this] { run(); }) {}

  ~TrackingThread() override {
    stop_ = true;
    thread_.join();
  }

  std::optional<HeadSample> latest() const override {
    std::lock_guard lock(mutex_);
    return latest_;
  }
  std::vector<HeadSample> samples_since(uint64_t& cursor) const override {
    std::lock_guard lock(mutex_);
    return recent_.since(cursor);
  }
  std::string status() const override {
    std::lock_guard lock(mutex_);
    return status_;
  }
  bool is_demo() const override { return false; }
  void begin_calibration() override { calibration_requested_ = true; }
  void forget_calibration() override {
    forget_requested_ = true;  // the tracker's thread drops the profile at its next frame
    flexion_zero_deg_ = 0.0;   // the next patient's is their own
    track_pitch_deg_ = 0.0;
    set_calibration({});
  }
  CalibrationStatus calibration() const override {
    std::lock_guard lock(mutex_);
    return calibration_status_;
  }
  std::shared_ptr<const PreviewImage> preview() const override {
    std::lock_guard lock(mutex_);
    return preview_;
  }
  void set_flexion_zero(double degrees) override { flexion_zero_deg_ = degrees; }
  double flexion_zero() const override { return flexion_zero_deg_; }
  double track_pitch() const override { return track_pitch_deg_; }

 private:
  void set_status(std::string s) {
    std::lock_guard lock(mutex_);
    status_ = std::move(s);
  }
  void set_calibration(CalibrationStatus s) {
    std::lock_guard lock(mutex_);
    calibration_status_ = std::move(s);
  }

  // Sleeps a little, in slices, so that a stop request is never kept waiting.
  bool wait(std::chrono::milliseconds total) {
    const auto until = Clock::now() + total;
    while (!stop_ && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return !stop_;
  }

  void run() {
    set_status("Loading the face model…");
    std::optional<Tracker> made;
    try {
      TrackingRequest without_profile = request_;  // a profile that fails is not fatal here
      without_profile.neutral_profile.clear();
      made.emplace(make_tracker(without_profile));
    } catch (const std::exception& e) {
      set_status(std::string("Head tracking cannot start: ") + e.what());
      return;
    }
    Tracker& tracker = *made;
    if (!request_.neutral_profile.empty()) {
      try {
        tracker.set_profile(load_profile(request_.neutral_profile));
        flexion_zero_deg_ = tracker.profile()->flexion_zero_deg;
        track_pitch_deg_ = tracker.profile()->track_pitch_deg;
      } catch (const std::exception& e) {
        set_status(std::string("The saved calibration could not be used (") + e.what() +
                   "); please calibrate again.");
      }
    }

    std::unique_ptr<FrameSource> source;
    std::optional<Calibration> calibration;
    // Calibration's end (fitting the face, measuring the look around) takes 2-3 s of a core: it
    // runs on a worker while the frames go on being tracked and shown. Its result is dropped if
    // the calibration was forgotten or begun again meanwhile.
    std::future<Calibration::Result> finishing;
    bool finishing_wanted = false;
    double time_offset_s = 0.0;  // a looped video's time goes on from where it was
    double last_time_s = 0.0;
    Clock::time_point video_start = Clock::now();
    int64_t frames = 0;

    while (!stop_) {
      if (!source) {
        set_status("Opening " + request_.source.name() + "…");
        try {
          source = open_frame_source(request_.source);
          set_status({});
          video_start = Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(time_offset_s));
        } catch (const SourceError& e) {
          set_status(std::string(e.what()) + " Trying again…");
          if (!wait(std::chrono::milliseconds(2000))) return;
          continue;
        }
      }

      std::optional<Frame> frame = source->next();
      if (!frame) {
        if (source->live()) {
          set_status(source->problem() + " Trying again…");
          publish_lost(last_time_s);
          source.reset();
          tracker.reset();
          if (!wait(std::chrono::milliseconds(1000))) return;
        } else {  // the end of a video: play it again
          time_offset_s = last_time_s + 1.0 / 30.0;
          source.reset();
          tracker.reset();
        }
        continue;
      }
      const double time_s = frame->time_s + (source->live() ? 0.0 : time_offset_s);
      if (!source->live()) {  // a recording plays at its own pace, not as fast as it can
        const auto due = video_start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(time_s));
        std::this_thread::sleep_until(due);
      }
      last_time_s = time_s;

      if (forget_requested_.exchange(false)) {
        tracker.set_profile(std::nullopt);
        calibration.reset();
        finishing_wanted = false;  // a calibration finishing meanwhile is dropped when it ends
        set_calibration({});  // again: a hold under way may have said "holding" meanwhile
      }
      if (calibration_requested_.exchange(false)) {
        tracker.set_profile(std::nullopt);
        calibration.emplace();
        finishing_wanted = false;
      }
      TrackedFrame tracked = tracker.process(frame->image, time_s, frames++);
      if (calibration) {
        calibration->add(tracked, tracker.last_fit(), frame->image,
                         tracker.camera_for(frame->image));
        if (auto following = calibration->take_profile_to_follow())
          tracker.set_profile(std::move(*following));
        if (calibration->complete()) {
          if (finishing.valid()) finishing.wait();  // an earlier one, dropped: its end is near
          finishing = in_background([ended = std::move(*calibration),
                                     focal_over_width = request_.params.focal_over_width] {
            return ended.finish(focal_over_width);
          });
          finishing_wanted = true;
          calibration.reset();
          set_calibration(
              {CalibrationStatus::State::holding, 1.0, "Almost done: one moment.", std::nullopt});
        } else {
          set_calibration({CalibrationStatus::State::holding, calibration->progress(),
                           calibration->instruction(), std::nullopt});
        }
      }
      if (finishing.valid() &&
          finishing.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        const Calibration::Result result = finishing.get();
        if (finishing_wanted && result.profile) {
          tracker.set_profile(result.profile);
          track_pitch_deg_ = result.profile->track_pitch_deg;
          set_calibration({CalibrationStatus::State::accepted, 1.0, "Calibrated.",
                           resting_posture(body_reference_of(tracker)),
                           result.profile->resting_posture_rough});
        } else if (finishing_wanted) {
          set_calibration({CalibrationStatus::State::rejected, 1.0, result.problem, std::nullopt});
        }
      }

      // A preview with the first sample, then every few frames.
      std::shared_ptr<PreviewImage> preview;
      if (frames % kPreviewEveryFrames == 1)
        preview = make_preview(frame->image, tracked.face_box, request_.params.focal_over_width);
      const HeadSample sample = measured_from_body_midline(tracked.sample, body_reference_of(tracker));
      std::lock_guard lock(mutex_);
      latest_ = sample;
      recent_.push(sample);
      if (preview) preview_ = std::move(preview);
    }
  }

  // The tracker measures from the pose it was calibrated on (from facing the camera before);
  // the game is given angles from the body midline.
  BodyReference body_reference_of(const Tracker& tracker) const {
    BodyReference reference =
        tracker.profile() ? body_reference(*tracker.profile()) : BodyReference{};
    // The patient's flexion zero, which may be newer than the profile's.
    reference.flexion_zero_deg = flexion_zero_deg_;
    return reference;
  }

  void publish_lost(double time_s) {
    std::lock_guard lock(mutex_);
    HeadSample lost;
    lost.time_s = time_s;
    latest_ = lost;
    recent_.push(lost);
  }

  static std::shared_ptr<PreviewImage> make_preview(const cv::Mat& bgr,
                                                    const std::optional<cv::Rect>& face_box,
                                                    double focal_over_width) {
    cv::Mat small, rgb;
    const double scale = static_cast<double>(kPreviewWidth) / bgr.cols;
    cv::resize(bgr, small, {}, scale, scale, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    auto preview = std::make_shared<PreviewImage>();
    preview->width = rgb.cols;
    preview->height = rgb.rows;
    preview->rgb.assign(rgb.data, rgb.data + rgb.total() * 3);
    if (face_box)
      preview->face_box = PreviewImage::Box{face_box->x * scale, face_box->y * scale,
                                            face_box->width * scale, face_box->height * scale};
    preview->focal_over_width = focal_over_width;
    return preview;
  }

  const TrackingRequest request_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> calibration_requested_{false};
  std::atomic<bool> forget_requested_{false};
  std::atomic<double> flexion_zero_deg_{0.0};
  std::atomic<double> track_pitch_deg_{0.0};  // the profile's, for the game's thread

  mutable std::mutex mutex_;  // guards the published values below; held only to copy them
  std::optional<HeadSample> latest_;
  RecentSamples recent_;  // every sample of the last seconds, for the session log
  std::string status_;
  CalibrationStatus calibration_status_;
  std::shared_ptr<const PreviewImage> preview_;

  std::thread thread_;  // last: it starts once everything above exists
};

}  // namespace

std::unique_ptr<HeadSampleSource> start_tracking(const TrackingRequest& request) {
  check_tracking_request(request);
  return std::make_unique<TrackingThread>(request);
}

}  // namespace midline
