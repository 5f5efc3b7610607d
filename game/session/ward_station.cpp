#include "session/ward_station.hpp"

#include <cctype>

#include "session/session_log.hpp"
#include "text/utf8.hpp"

namespace midline {

namespace {

constexpr size_t kMaxInitials = 4;

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

// [SECTION] The patient list

std::vector<StationPatient> WardStation::patients(const SessionLog& log) const {
  std::vector<StationPatient> out;
  for (const storage::Patient& p : log.patients())
    out.push_back({p.pseudonym, names_shown_ ? p.display_name : std::string()});
  return out;
}

std::string WardStation::add_patient(SessionLog& log, const std::string& full_name) {
  const std::string name = trim(full_name);
  if (name.empty() || !names_shown_) return {};
  return log.add_player(name);
}

// [SECTION] The clinician on duty

bool WardStation::set_clinician(const std::string& initials) {
  std::string kept;
  for (char32_t c : text::code_points(text::valid_utf8(initials))) {
    if (c == ' ' || c == '.') continue;
    if (c < 0x80 && !std::isalpha(static_cast<int>(c))) return false;  // digits, signs
    kept += text::encode(c < 0x80 ? static_cast<char32_t>(std::toupper(static_cast<int>(c))) : c);
  }
  const size_t n = text::character_count(kept);
  if (n == 0 || n > kMaxInitials) return false;
  clinician_ = kept;
  return true;
}

std::string WardStation::note_author() const {
  return clinician_.empty() ? std::string("clinician") : "clinician (" + clinician_ + ")";
}

// [SECTION] The visit

bool WardStation::next_patient(SessionLog& log, HeadSampleSource& source,
                               const std::optional<std::string>& pseudonym) {
  if (visit_.session && visit_.session->stage() != SessionStage::ended) {
    visit_.session->stop(StopReason::clinician);
    visit_.session->check_out(std::nullopt);
  }
  visit_ = Visit{};  // the one reset: nothing of the last patient is left
  names_shown_ = false;
  source.forget_calibration();
  log.forget_player();
  if (!pseudonym) return true;
  if (log.keeping() && !log.choose_pseudonym(*pseudonym)) return false;
  visit_.patient = StationPatient{*pseudonym, {}};
  return true;
}

void WardStation::choose_player(SessionLog& log, HeadSampleSource& source,
                                const std::string& name) {
  next_patient(log, source, std::nullopt);
  log.choose_player(name);
  visit_.patient = StationPatient{log.player_key().value_or(std::string()), name};
}

// [SECTION] Notes

bool WardStation::add_note(SessionLog& log, const std::string& text) {
  const std::string note = trim(text);
  if (note.empty() || !visit_.patient) return false;
  const std::string author = note_author();
  log.note(author, note);
  visit_.notes.push_back({author, note, log.in_session()});
  return true;
}

// [SECTION] The clinician's Stop

const std::vector<StopReason>& WardStation::stop_reasons() {
  static const std::vector<StopReason> reasons = {StopReason::clinician, StopReason::patient,
                                                  StopReason::pain, StopReason::fatigue,
                                                  StopReason::technical};
  return reasons;
}

std::string WardStation::stop_reason_words(StopReason reason) {
  switch (reason) {
    case StopReason::clinician: return "Clinician";  // the clinician's own decision
    case StopReason::patient: return "Patient";      // the patient asked to stop
    case StopReason::pain: return "Pain";
    case StopReason::fatigue: return "Tiredness";
    case StopReason::technical: return "Technical";  // the camera, the computer
    case StopReason::program_closed: break;
  }
  return "The program closed";
}

bool WardStation::confirm_stop(SessionLog& log, StopReason why) {
  if (!visit_.stop_asked) return false;
  visit_.stop_asked = false;
  PracticeSession* session = visit_.session.get();
  std::string words = stop_reason_words(why);
  words[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(words[0])));
  add_note(log, std::string(session ? "Session stopped" : "Stopped before the session began") +
                    " by the clinician. Reason: " + words + ".");
  if (!session) return true;
  if (session->stage() == SessionStage::asking_why) {  // the patient's Stop, being asked why
    session->explain_stop(why == StopReason::clinician ? std::nullopt : std::optional(why));
    return true;
  }
  session->stop(why);  // nothing when the exercises are already over
  // The clinician gave the reason: the patient is not asked it again.
  if (session->stage() == SessionStage::asking_why) session->explain_stop(std::nullopt);
  return true;
}

}  // namespace midline
