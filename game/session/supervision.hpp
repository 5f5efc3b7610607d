#pragma once
// A supervised session (inpatient ward): what the clinician's panel beside the game shows and
// keeps, as plain values. No ImGui here, so it is tested without a window; the panel itself is
// screens/supervision_panel.cpp.

#include <optional>
#include <string>
#include <vector>

#include "pose/head_sample.hpp"

namespace midline {

class SessionLog;

// The live numbers for the clinician, in words that need no convention to read.
struct SupervisionReadout {
  // "-" while the face is not seen (its angles are stale).
  std::string rotation{"-"};  // "12 deg to the left", "at the midline"
  std::string tilt{"-"};
  std::string flexion{"-"};
  std::string quality;        // "good (0.92)", "low (0.41): not scored", "face not seen"
  std::string tremor{"-"};    // "none seen", "4.2 Hz, 1.3 deg, mostly rotation"
  bool trusted = false;  // the angles can be relied on (and are scored)
  bool sensory_trick = false;  // a hand on the chin or cheek
};

SupervisionReadout supervision_readout(const std::optional<HeadSample>& sample);

// The clinician's notes in this run. A note written before the session has begun (on the
// home or check-in page) waits and goes into the session log when it begins.
class SupervisionNotes {
 public:
  struct Entry {
    std::string text;
    bool logged = false;  // in the session log (else waiting for the session to begin)
  };

  // Adds a note (trimmed); returns false for an empty one. Logged at once when in a session.
  bool add(SessionLog& log, const std::string& text);
  // Call every frame: notes that were waiting go into a session that has begun.
  void flush(SessionLog& log);
  const std::vector<Entry>& entries() const { return entries_; }

  static constexpr const char* kAuthor = "clinician";

 private:
  std::vector<Entry> entries_;
};

}  // namespace midline
