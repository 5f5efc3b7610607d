#pragma once
// The station: one computer where patients practise one after another (an inpatient ward,
// with a clinician beside them; at home, one player). Everything that belongs to the patient
// at the station is one Visit, so "Next patient" is one reset here and no page has anything
// of the last patient to clear. The ward's rules live here too, as plain values: the patient
// list shows pseudonyms on the shared screen (full names only after the clinician PIN), the
// clinician's notes carry their initials and are saved the moment they are added, and the
// clinician's Stop waits for a confirmation and a reason.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pose/head_sample_source.hpp"
#include "session/practice_session.hpp"
#include "session/session_record.hpp"

namespace midline {

class SessionLog;

// A patient as the station lists them.
struct StationPatient {
  std::string pseudonym;  // "P-0003": what the shared screen shows
  std::string full_name;  // empty unless the clinician has unlocked names
};

// A clinician's note for the patient at the station, as saved.
struct StationNote {
  std::string author;  // "clinician (AB)"
  std::string text;
  bool in_session = false;  // saved with a session; else with the patient alone
};

// One patient's turn at the station, from choosing them to the next patient.
struct Visit {
  std::optional<StationPatient> patient;
  CheckInAnswers check_in;  // the answers being given on the check-in page
  // The session core, from the check-in on; it stays after the session ends for the summary.
  std::unique_ptr<PracticeSession> session;
  std::string note_draft;          // being typed in the clinician's panel
  std::vector<StationNote> notes;  // added during this visit, each saved when added
  bool stop_asked = false;         // the clinician pressed Stop and has not yet confirmed it
};

class WardStation {
 public:
  // [SECTION] The patient list
  // The patients kept in `log`'s store: pseudonyms, with full names only while names_shown().
  std::vector<StationPatient> patients(const SessionLog& log) const;
  // After the clinician PIN: full names on the list until a patient is chosen.
  void show_names(bool shown) { names_shown_ = shown; }
  bool names_shown() const { return names_shown_; }
  // A new patient (the clinician types the full name, with names shown): returns their
  // pseudonym, or empty when the name is blank or names are hidden.
  std::string add_patient(SessionLog& log, const std::string& full_name);

  // [SECTION] The clinician on duty: their initials go on each note
  // 1 to 4 letters (any script), spaces and dots ignored; false (and nothing changed) otherwise.
  bool set_clinician(const std::string& initials);
  const std::string& clinician() const { return clinician_; }
  void sign_out() { clinician_.clear(); }  // another clinician takes over
  // "clinician (AB)", or "clinician" before initials are given.
  std::string note_author() const;

  // [SECTION] The visit
  const Visit& visit() const { return visit_; }
  Visit& visit() { return visit_; }
  // The next patient (or none yet: the list): the visit starts afresh. A session still
  // running ends as the clinician's stop; `source` forgets the last patient's calibration;
  // names are hidden again; `log` records for the new patient (found by pseudonym).
  // Returns false, choosing nobody, when sessions are kept and no patient has that pseudonym
  // (a run that keeps nothing takes any name: a demo).
  bool next_patient(SessionLog& log, HeadSampleSource& source,
                    const std::optional<std::string>& pseudonym);
  // A player at home: chosen (or added) by name, as the home page lists them; a new visit too.
  void choose_player(SessionLog& log, HeadSampleSource& source, const std::string& name);

  // [SECTION] Notes: saved now, in the session when one runs, else with the patient
  // Trimmed; false for an empty note or when no patient is chosen.
  bool add_note(SessionLog& log, const std::string& text);

  // [SECTION] The clinician's Stop: asked, then confirmed with a reason (or cancelled)
  void ask_stop() { visit_.stop_asked = true; }
  void cancel_stop() { visit_.stop_asked = false; }
  // The reasons a clinician can give, in the order the panel offers them.
  static const std::vector<StopReason>& stop_reasons();
  // One word for a button and the note: "Pain", "Clinician" (the clinician's own decision).
  static std::string stop_reason_words(StopReason reason);
  // Confirms the Stop: the session (when one runs and has not ended) stops with `why`, kept as
  // such (a patient's stop is not asked why again), and a note says so. Returns false when no
  // Stop was asked.
  bool confirm_stop(SessionLog& log, StopReason why);

 private:
  Visit visit_;
  bool names_shown_ = false;
  std::string clinician_;
};

}  // namespace midline
