#pragma once
// What the level and plan editors share: the value being edited, kept valid (a change that
// its validator finds a problem with is refused), undo through the current edit, and whether
// it differs from what was last saved.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "levels/problem.hpp"

namespace midline {

// The answer to one change in an editor.
struct EditAnswer {
  bool accepted = false;  // the value changed (perhaps to a clamped value)
  std::string message;    // why it was clamped or refused; empty when taken as given
};

template <typename Value>
class EditHistory {
 public:
  using Validator = std::vector<FieldProblem> (*)(const Value&);

  // `saved`: whether `value` is what the file holds (false for a new or copied one).
  // Throws std::invalid_argument naming the first problem when `value` is not valid.
  EditHistory(Value value, bool saved, Validator validate)
      : current_(value), saved_(std::move(value)), is_saved_(saved), validate_(validate) {
    if (auto problem = first_problem(current_); !problem.empty()) throw std::invalid_argument(problem);
  }

  // Takes `candidate` when it is valid; `note` says what was clamped on the way.
  EditAnswer propose(Value candidate, std::string note) {
    if (auto problem = first_problem(candidate); !problem.empty()) {
      return {false, "not changed: " + problem};
    }
    if (!(candidate == current_)) {
      undo_.push_back(std::move(current_));
      current_ = std::move(candidate);
    }
    return {true, std::move(note)};
  }

  const Value& current() const { return current_; }
  bool changed() const { return !is_saved_ || !(current_ == saved_); }
  bool can_undo() const { return !undo_.empty(); }

  void undo() {
    if (undo_.empty()) return;
    current_ = std::move(undo_.back());
    undo_.pop_back();
  }
  // After a save: the edit starts anew from what was saved, with nothing to undo.
  void mark_saved() {
    saved_ = current_;
    is_saved_ = true;
    undo_.clear();
  }

 private:
  std::string first_problem(const Value& value) const {
    const auto problems = validate_(value);
    return problems.empty() ? std::string() : problems.front().field + ": " + problems.front().message;
  }

  Value current_;
  Value saved_;
  bool is_saved_;
  Validator validate_;
  std::vector<Value> undo_;
};

}  // namespace midline
