# SPDX-License-Identifier: MIT
# acs_rooms program: writes help2man's include file for acs-rooms.1 from each command's --help,
# so that the man page describes every command and stays true to the program.
#   cmake -DCLI=<acs-rooms> -DOUT=<file.h2m> -P man_commands.cmake

set(_text "[COMMANDS]\n")
foreach(_command IN ITEMS create get update delete list "participant get"
                          "participant add-or-update" "participant remove")
  separate_arguments(_words UNIX_COMMAND "${_command}")
  execute_process(COMMAND "${CLI}" ${_words} --help OUTPUT_VARIABLE _help RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${CLI} ${_command} --help exited with ${_rc}")
  endif()
  # Only the command's own part: the global arguments and the footer are in the main section.
  string(FIND "${_help}" "Global Arguments:" _cut)
  if(_cut GREATER 0)
    string(SUBSTRING "${_help}" 0 ${_cut} _help)
  endif()
  string(STRIP "${_help}" _help)
  string(REPLACE "\\" "\\e" _help "${_help}")
  string(REPLACE "-" "\\-" _help "${_help}") # a minus sign, so that copied flags work
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" _help "${_help}")
  string(APPEND _text ".SS \"acs-rooms ${_command}\"\n.nf\n${_help}\n.fi\n")
endforeach()
string(APPEND _text "[SEE ALSO]\n.BR acs-rooms-emulator (1),\n.BR az (1)\n")
file(WRITE "${OUT}" "${_text}")
