#pragma once
// The progress screen's "Injections" tab: botulinum-toxin injection dates for the patient,
// which the charts shade for the three months of their effect. add_injection() is the tab's
// logic without a window, for tests.

#include <cstdint>
#include <string>

#include "storage/session_store.hpp"

namespace midline {

struct InjectionAnswer {
  bool added = false;
  std::string message;  // for the person who typed it: what was kept, or what to change
};

// Keeps an injection on `date` (YYYY-MM-DD, not after `today`, a local day number) with a
// free-text note. A second entry on the same day replaces the first's note.
InjectionAnswer add_injection(storage::SessionStore& store, int64_t patient_id,
                              const std::string& date, const std::string& note, int64_t today);

class InjectionTab {
 public:
  // Draws the list and the entry line; returns true when an injection was added (the charts
  // should be read again).
  bool draw(storage::SessionStore& store, int64_t patient_id);

 private:
  char date_[16] = "";
  char note_[160] = "";
  std::string message_;
};

}  // namespace midline
