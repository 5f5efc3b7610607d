// midline: the program patients play, and the tools clinicians use, in one executable.
//   midline [play options]        the game (the default)
//   midline track SOURCE ...      measure head orientation frame by frame, to CSV
// Set-up failures are reported once, here, with a message that names what failed.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  CLI::App app{"Midline: biofeedback posture retraining for cervical dystonia"};
  app.set_version_flag("--version", "midline 0.1.0");
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    std::fprintf(stderr, "midline: the game is not part of this build yet.\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "midline: %s\n", e.what());
    return 1;
  }
}
