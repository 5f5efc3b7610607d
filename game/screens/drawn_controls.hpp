#pragma once
// What a page offered last frame, as an accessibility tree would tell it: each labelled control
// the ui helpers drew (game/screens/ui.hpp), with where it sits in the window. The autoplay
// driver reads it to act as a person would; no screen knows it is read.

#include <algorithm>
#include <string>

namespace midline {

struct DrawnControl {
  enum class Kind {
    button,      // a button; a scale's step ("3" in the row "pain") is one too
    page_stop,   // the page's own way out, top right ("Stop", "Quit", "Back", "Skip")
    text_field,  // a field to type in
    picture,     // what the person follows, which must show whole without scrolling (a scene)
  };
  Kind kind = Kind::button;
  std::string label;  // the words on it, without ImGui's "##id" and padding ("Continue")
  std::string group;  // the row or field it belongs to ("pain", "effort", "note"), if any
  float min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // window pixels
  bool enabled = true;
  // The part of the window it is drawn in that shows (the page's scrolling area, a list): a
  // control outside it is there but hidden, until scrolled to.
  float shown_min_x = -1e9f, shown_min_y = -1e9f, shown_max_x = 1e9f, shown_max_y = 1e9f;
  bool scrolls = false;  // that area scrolls up and down

  float centre_x() const { return (min_x + max_x) * 0.5f; }
  float centre_y() const { return (min_y + max_y) * 0.5f; }
  // The middle of the part that shows: where a person presses a control half scrolled in.
  float shown_centre_y() const {
    return (std::max(min_y, shown_min_y) + std::min(max_y, shown_max_y)) * 0.5f;
  }
  bool whole_width_shown() const { return min_x >= shown_min_x && max_x <= shown_max_x; }
  // All of it can be seen now.
  bool shown() const {
    return whole_width_shown() && min_y >= shown_min_y && max_y <= shown_max_y;
  }
  // Enough of it shows to press it (half its height at least): a tall button on a short page
  // at large text may never show whole, one turn of the wheel jumping past it each way.
  bool pressable() const {
    return whole_width_shown() &&
           std::min(max_y, shown_max_y) - std::max(min_y, shown_min_y) >= (max_y - min_y) * 0.5f;
  }
  // A person can see all of it, scrolling if need be (none is cut off at a side, and none is
  // below or above an area that does not scroll); a picture without scrolling.
  bool within_reach() const {
    return kind == Kind::picture ? shown() : whole_width_shown() && (shown() || scrolls);
  }
};

}  // namespace midline
