#pragma once
// A made-up patient history written straight into a session database: one session a day with
// check-ins, exercises, repetitions, breaks, head samples and indicators, slowly improving,
// with an injection every three months. Deterministic (seeded), for export tests and the
// storage benchmark.

#include <cmath>
#include <random>
#include <string>

#include "storage/calendar.hpp"
#include "storage/session_store.hpp"

namespace midline::testing {

struct SyntheticHistory {
  int days = 30;
  double session_minutes = 12.0;
  double samples_per_second = 25.0;                      // 0: no samples (fast)
  storage::WallMs first_session_ms = 1'767'258'000'000;  // 2026-01-01 09:00 UTC
  std::string pseudonym = "P-0042";
  std::string display_name = "Ann Example";
};

inline storage::Patient write_synthetic_history(storage::SessionStore& store,
                                                const SyntheticHistory& h) {
  using storage::Statement;
  storage::Database& db = store.database();
  const storage::Patient patient =
      store.add_patient(h.pseudonym, h.display_name, h.first_session_ms);
  std::mt19937 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 1.0);

  storage::Transaction transaction(db);
  db.execute("INSERT OR IGNORE INTO plans (plan_key, name) VALUES ('neck-basics', 'Neck basics')");
  Statement session(db,
                    "INSERT INTO sessions (patient_id, plan_id, started_ms, last_activity_ms,"
                    " ended_ms, end_reason) VALUES (?1, 1, ?2, ?3, ?3, ?4)");
  Statement check_in(db,
                     "INSERT INTO check_ins (session_id, phase, pain, fatigue, at_ms) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)");
  Statement exercise(db,
                     "INSERT INTO exercises (session_id, ordinal, exercise_type, level_id, "
                     "started_ms, ended_ms, borg_effort) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  Statement repetition(db,
                       "INSERT INTO repetitions (exercise_id, ordinal, at_ms, duration_s, "
                       "time_in_zone_s, mean_deviation_deg, peak_deviation_deg, "
                       "path_error_deg, longest_in_zone_s, tremor_amplitude_deg, "
                       "face_lost_pauses, completed) VALUES (?1, ?2, ?3, 10, ?4, ?5, ?6, ?7, "
                       "?9, ?8, 0, 1)");
  Statement rest(db,
                 "INSERT INTO breaks (session_id, kind, reason, started_ms, duration_ms) "
                 "VALUES (?1, 'rest', 'between sets', ?2, 30000)");
  Statement sample(db, "INSERT INTO samples VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)");

  std::vector<int64_t> sessions;
  for (int day = 0; day < h.days; ++day) {
    const double progress = static_cast<double>(day) / std::max(1, h.days - 1);  // 0 -> 1
    const storage::WallMs start = h.first_session_ms + int64_t{day} * 86'400'000 +
                                  static_cast<int64_t>(unit(random) * 3600'000);
    const double minutes = h.session_minutes * (0.8 + 0.4 * unit(random));
    const storage::WallMs end = start + static_cast<storage::WallMs>(minutes * 60'000);
    const bool fatigued = unit(random) < 0.08;
    session.bind(1, patient.id).bind(2, start).bind(3, end);
    session.bind(4, fatigued ? "stopped_for_fatigue" : "finished").run();
    const int64_t id = db.last_insert_id();
    sessions.push_back(id);

    const int pain = 3 + static_cast<int>(2 * unit(random));
    check_in.bind(1, id).bind(2, "before").bind(3, pain).bind(4, 3).bind(5, start).run();
    check_in.bind(1, id).bind(2, "after").bind(3, std::min(10, pain + (fatigued ? 2 : 0)));
    check_in.bind(4, fatigued ? 6 : 4).bind(5, end).run();

    for (int e = 1; e <= 3; ++e) {
      const storage::WallMs e_start = start + (e - 1) * (end - start) / 3;
      exercise.bind(1, id).bind(2, e).bind(3, e == 2 ? "guided_movement" : "hold_midline");
      exercise.bind(4, "level-" + std::to_string(e)).bind(5, e_start);
      exercise.bind(6, e_start + 120'000).bind(7, 3.0 + 3 * unit(random)).run();
      const int64_t exercise_id = db.last_insert_id();
      for (int r = 1; r <= 6; ++r) {
        const double zone =
            std::clamp(0.55 + 0.3 * progress - 0.03 * r + 0.05 * noise(random), 0.0, 1.0);
        repetition.bind(1, exercise_id).bind(2, r).bind(3, e_start + r * 15'000);
        repetition.bind(4, 10 * zone).bind(5, 6 - 3 * progress + noise(random) * 0.5);
        repetition.bind(6, 14 - 5 * progress).bind(7, 4.0).bind(8, 0.8);
        repetition.bind(9, 10 * zone * (0.6 + 0.4 * unit(random))).run();  // longest stretch
      }
      if (e < 3) rest.bind(1, id).bind(2, e_start + 120'000).run();
    }

    if (h.samples_per_second > 0) {
      const double pull = 18 - 8 * progress;  // the dystonic pull toward the right, easing
      const double reach = 25 + 15 * progress;
      const int count = static_cast<int>(minutes * 60 * h.samples_per_second);
      for (int i = 0; i < count; ++i) {
        const double t = i / h.samples_per_second;
        const double phase = std::fmod(t, 60.0);
        // Holds near neutral, drifting toward the pull, then a slow guided turn each minute.
        double rotation =
            phase < 40 ? -pull * (phase / 40.0) * 0.5 : reach * std::sin((phase - 40) / 20 * M_PI);
        rotation += 0.8 * std::sin(2 * M_PI * 2.0 * t) + 0.3 * noise(random);
        const double tilt = -6 + 4 * std::sin(t / 17) + 0.3 * noise(random);
        const double flexion = 3 * std::sin(t / 23) + 0.3 * noise(random);
        const bool lost = std::fmod(t, 97.0) < 0.6;
        const bool trick = std::fmod(t, 240.0) > 230.0;
        sample.bind(1, id).bind(2, static_cast<int64_t>(t * 1000));
        sample.bind(3, std::lround(rotation * 10)).bind(4, std::lround(tilt * 10));
        sample.bind(5, std::lround(flexion * 10)).bind(6, lost ? 20 : 85);
        sample.bind(7, lost).bind(8, trick).bind(9, 20).bind(10, 8).run();
      }
    }
    if (day % 90 == 5) {
      store.add_injection(
          {patient.id, storage::day_string(storage::local_day_number(start)), "200 U"});
    }
  }
  transaction.commit();
  if (h.samples_per_second > 0) {
    for (int64_t id : sessions) store.update_indicators(id);
  }
  return patient;
}

}  // namespace midline::testing
