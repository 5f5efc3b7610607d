#pragma once
// Building blocks every screen uses, so they all look and behave alike: a full-window page
// with its title, the DEMO label, and a Stop button that is always in the same place.

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "screens/drawn_controls.hpp"
#include "screens/screen.hpp"

namespace midline::ui {

// Begins the full-window page: its title, and Stop with the DEMO label beside it, stay at the
// top; what the page draws until end_page() scrolls below them when it does not fit (with a
// scroll bar; a new page opens at its top). Returns true when Stop was pressed.
// stop_label: what Stop means here ("Quit", "Stop session").
bool begin_page(GameContext& ctx, const char* title, const char* stop_label = "Stop");
void end_page();
// What is on screen is a new view (a page of the same title may show another step): the next
// page opens at its top.
void new_view();
// The window font scale for a title and a page's few big words ("Rest"): they grow with A+
// only as far as 1.6 times the theme's, so the words below keep the room.
float heading_scale(GameContext& ctx);

// A button (width or height 0: fitted to the label); `enabled` false draws it dimmed and
// unclickable.
bool button(const char* label, ImVec2 size = ImVec2(0, 0), bool enabled = true);
// A large button.
bool big_button(const char* label, float width = 0.0f, bool enabled = true);
// Text wrapped to the page, in the soft or normal colour.
void text(const std::string& s, bool soft = false);
// The same in at most `max_lines` lines (at least one): when longer, the last shown ends in
// "…" at a word. For words said in full elsewhere that must not push what matters below the
// window (an exercise's instruction over its scene, at large text).
// `width`: of the lines (0: the page's).
void text_in_lines(const std::string& s, int max_lines, bool soft = false, float width = 0.0f);
// The size for words drawn over a picture (an exercise's scene): the page's text size, smaller
// only as far as needed to keep them on one line `width` wide, never below the theme's own
// size (then they wrap). At large text a picture's words would otherwise cover the picture.
float picture_words_px(const char* words, float width);
void centred_text(const std::string& s, ImFont* font, ImU32 colour);
// A row of 0..10 buttons; returns true when `value` changed.
bool scale_row(const char* id, int& value, const char* low_label, const char* high_label);
// A progress bar with a label, calm colours.
void meter(float fraction, const char* label, ImU32 colour);
// The area left on the page below the cursor.
ImVec2 remaining();
// A one-line text field holding at most `max_characters` characters, never cutting one in
// half: under it, "N of MAX characters" while it is in use; more typed or pasted is refused,
// and a sentence there says so. Returns true when the text changed.
bool limited_input(const char* id, const char* hint, std::string& value, size_t max_characters);
// A slider for a number between `min` and `max` that gives its value once, when the person
// lets go of it (the mouse released, Enter after typing into it with Ctrl+click, or a click
// elsewhere): typing "20" is never taken as 2 on the way. Empty while nothing was committed.
std::optional<double> committed_slider(const char* id, double current, double min, double max,
                                       const char* format);
// The next control on the same line when `width` more fits in the page (after `gap`
// pixels), else on the next line: a row of buttons wraps instead of running off the page
// (large text, or the clinician's panel beside the page).
void same_line_if_fits(float width, float gap);
// How many rows buttons with these labels take across the page, wrapped by
// same_line_if_fits: what a page keeps room for below a list.
int rows_of_buttons(const std::vector<std::string>& labels);
// Side-by-side columns while each keeps `min_column_em` font heights of width, else one under
// another: large text, or a page narrowed by the clinician's panel.
int columns_that_fit(int wanted, float min_column_em);
// How wide a button with `label` is drawn (fitted to its words).
float button_width(const char* label);
// A small line of settings (text size, sound, full screen), for the home and pause pages.
// Returns true when the text size changed.
bool settings_row(GameContext& ctx);
// The window's text size now becomes `player`'s (a pseudonym), or the home page's when none;
// it is kept in ctx.player_settings (a problem writing it goes to the terminal).
void keep_text_size(GameContext& ctx, const std::optional<std::string>& player);
// The text size kept for `player` (the home page's when none), if one was, goes on screen.
void show_kept_text_size(GameContext& ctx, const std::optional<std::string>& player);

// [what the page offered] The helpers above note each labelled control they draw; a widget
// drawn with ImGui directly notes itself with note_control just after it.
void note_control(DrawnControl::Kind kind, std::string_view label, std::string_view group = {},
                  bool enabled = true);
// The controls of the last finished frame, in the order they were drawn.
std::vector<DrawnControl> controls_drawn_last_frame();

}  // namespace midline::ui
