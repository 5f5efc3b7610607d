# The sources of midline_levels; also read by the fuzz build (tests/levels).
set(MIDLINE_LEVELS_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/clinician_pin.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_seal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/level.cpp
  ${CMAKE_CURRENT_LIST_DIR}/level_editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/level_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/patient_plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_editor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/player_settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/problem.cpp
  ${CMAKE_CURRENT_LIST_DIR}/progression.cpp
  ${CMAKE_CURRENT_LIST_DIR}/safety_limits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_shaping.cpp
  ${CMAKE_CURRENT_LIST_DIR}/toml_fields.cpp
  ${CMAKE_CURRENT_LIST_DIR}/toml_text_edit.cpp
)
