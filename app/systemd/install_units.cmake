# Run by `cmake --install` (install(CODE) in app/CMakeLists.txt): writes the
# systemd units into $DESTDIR<prefix>/<GOVHARVEST_SYSTEMD_UNIT_DIR>, with
# ExecStart naming the binary where this same install puts it, so that
# `--prefix /usr` gives /usr/bin/govharvest and the default /usr/local gives
# /usr/local/bin/govharvest. Input variables: GOVHARVEST_UNIT_SOURCE_DIR,
# GOVHARVEST_BINDIR and GOVHARVEST_SYSTEMD_UNIT_DIR (relative to the prefix,
# or absolute); CMAKE_INSTALL_PREFIX is the install-time prefix.
foreach(dir_var GOVHARVEST_BINDIR GOVHARVEST_SYSTEMD_UNIT_DIR)
  if(IS_ABSOLUTE "${${dir_var}}")
    set(${dir_var}_FULL "${${dir_var}}")
  else()
    set(${dir_var}_FULL "${CMAKE_INSTALL_PREFIX}/${${dir_var}}")
  endif()
endforeach()
set(GOVHARVEST_BIN "${GOVHARVEST_BINDIR_FULL}/govharvest")
set(unit_dir "$ENV{DESTDIR}${GOVHARVEST_SYSTEMD_UNIT_DIR_FULL}")

foreach(unit govharvest.service govharvest.timer)
  set(source "${GOVHARVEST_UNIT_SOURCE_DIR}/${unit}")
  if(EXISTS "${source}.in")
    set(source "${source}.in")
  endif()
  message(STATUS "Installing: ${unit_dir}/${unit}")
  configure_file("${source}" "${unit_dir}/${unit}" @ONLY)
  file(CHMOD "${unit_dir}/${unit}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  # As install(FILES) records them: the path without DESTDIR.
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${GOVHARVEST_SYSTEMD_UNIT_DIR_FULL}/${unit}")
endforeach()
