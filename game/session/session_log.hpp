#pragma once
// The session store as the game sees it: who plays, what they did before, and the recording
// of a session (kept when a data folder is in use; otherwise nothing is written). The session
// core calls it as things happen; every call returns at once (the recorder writes on its own
// thread).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exercises/exercise.hpp"
#include "levels/level_file.hpp"
#include "levels/progression.hpp"
#include "pacing/practice_limits.hpp"
#include "pacing/session_length.hpp"
#include "pose/head_sample.hpp"
#include "session/session_record.hpp"
#include "storage/records.hpp"
#include "storage/session_figures.hpp"

namespace midline {

namespace storage {
class SessionStore;
class SessionRecorder;
}  // namespace storage

// The longest name the home page takes, in characters (any script; a UTF-8 character is never
// cut in half). Names kept before the limit, or longer ones, are shown and chosen whole.
inline constexpr size_t kMaxPlayerNameCharacters = 40;

class SessionLog {
 public:
  // Not kept anywhere: the summary still shows the session (held in memory).
  // `clock`: the wall clock (tests pass one); the system clock when empty.
  explicit SessionLog(std::function<storage::WallMs()> clock = {});
  // Kept in the store in `data_dir`. Throws storage::StorageError naming the file when the
  // store cannot be used (for example while another Midline is recording into it).
  // `clock`: the wall clock (tests pass one); the system clock when empty.
  explicit SessionLog(const std::filesystem::path& data_dir,
                      std::function<storage::WallMs()> clock = {});
  ~SessionLog();

  bool keeping() const { return recorder_ != nullptr; }
  std::string where() const;  // the database file, when keeping
  // Said once when the store was opened (a damaged file set aside, an interrupted session).
  const std::vector<std::string>& notices() const { return notices_; }
  // What went wrong writing, if anything; the session goes on regardless.
  std::string problem() const;
  // Said during a session: a session file found damaged was set aside and the session went on
  // in a new one (plain sentences naming both files).
  std::vector<std::string> session_notices() const;
  // When the disk has less room than a session needs: what to tell the patient, with the
  // minutes of practice that still fit (measured while a session records). Empty otherwise.
  std::string disk_warning() const;

  // Who plays: the players kept so far (display names), and adding one.
  std::vector<std::string> players() const;
  // The player of the latest kept session (display name), if any: whoever comes back.
  std::optional<std::string> last_player() const;
  // The players kept so far, each with their pseudonym (the ward station lists these).
  std::vector<storage::Patient> patients() const;
  // Picks the player named `display_name`, adding them (with a new pseudonym) if new.
  // Names are entered with at most kMaxPlayerNameCharacters characters.
  void choose_player(const std::string& display_name);
  // Adds a player with a new pseudonym, even when another has the same name (two patients on
  // a ward may), and picks them; returns the pseudonym (empty when not keeping).
  std::string add_player(const std::string& display_name);
  // Picks the kept player with this pseudonym; false (and nobody picked) when there is none.
  bool choose_pseudonym(const std::string& pseudonym);
  // Nobody is picked (the ward station between patients).
  void forget_player();
  // The chosen player's pseudonym in the store (their plan's file name), when keeping.
  std::optional<std::string> player_key() const { return player_key_; }
  // The player's finished level sessions, oldest first: a level's session succeeded when at
  // least 80% of the repetitions the level asks for reached their goal.
  std::vector<SessionResult> level_history(const LevelLibrary& library) const;
  // Whether the chosen player may practise again today, against `limits` (always, when the
  // session is not kept: there is no day to count).
  pacing::TodayAllowance today_allowance(const pacing::PracticeLimits& limits) const;
  // The chosen player's next session length by the pacing principle, from their kept sessions
  // (none when the session is not kept or no player is chosen).
  std::optional<pacing::SessionLengthSuggestion> suggested_length() const;

  // `supervised`: a clinician is present (an inpatient session with the clinician's panel).
  void begin(const std::string& plan_name, const CheckInAnswers& before, bool supervised = false,
             std::optional<int64_t> plan_version = std::nullopt);
  void exercise_started(const std::string& type, const std::string& level);
  void repetition_finished(const storage::RepetitionResult& result);
  // The set is over; `borg_effort`: how hard the patient rated it (Borg CR10, 0..10).
  void exercise_ended(std::optional<double> borg_effort = std::nullopt);
  void rest_taken(double duration_s);
  void pause_ended(const std::string& reason, double duration_s);
  void sample(const HeadSample& sample);
  // A note for the chosen player, saved now: with the session while one is recorded, else
  // with the player alone (a note written before, or without, a session is kept too).
  void note(const std::string& author, const std::string& text);
  // The chosen player's flexion zero as last recorded on this computer (degrees empty: it was
  // reset), when one was; none when not keeping or nobody is chosen.
  std::optional<storage::FlexionZeroRecord> kept_flexion_zero() const;
  // Keeps a recording of the chosen player's flexion zero (none: reset), saved now; false when
  // nothing is kept (no store, nobody chosen). Throws storage::StorageError when the store
  // refuses it.
  bool keep_flexion_zero(std::optional<double> degrees, storage::FlexionZeroSetter set_by,
                         const std::string& author = {});
  // What the session's angles are measured against (its resting posture, flexion zero, target).
  void reference(const storage::SessionReference& reference);
  void end(const CheckInAnswers& after, storage::EndReason reason);
  bool in_session() const { return in_session_; }
  // The current or last session's records, which its figures are computed from
  // (storage::session_figures): as the store kept them once a kept session has ended and was
  // written whole, else as kept in memory (a session not kept, or one the disk refused).
  storage::SessionActivity activity() const;

 private:
  std::unique_ptr<storage::SessionStore> store_;
  std::unique_ptr<storage::SessionRecorder> recorder_;
  std::vector<std::string> notices_;
  std::optional<int64_t> patient_id_;
  std::optional<std::string> player_key_;
  bool in_session_ = false;
  bool in_exercise_ = false;
  storage::WallMs now_ms() const;
  std::function<storage::WallMs()> clock_;
  storage::SessionActivity activity_;  // what the store is given, kept in memory too
  bool recorded_ = false;              // the current or last session went to the recorder
};

}  // namespace midline
