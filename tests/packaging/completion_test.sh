#!/bin/bash
# The bash completion offers the CLI's subcommands and a subcommand's options.
#   completion_test.sh PRSPREAD_EXECUTABLE COMPLETION_FILE
set -eu
PATH="$(cd "$(dirname "$1")" && pwd):$PATH"
# shellcheck disable=SC1090
source "$2"
COMP_WORDS=(prspread "pr"); COMP_CWORD=1; _prspread
[ "${COMPREPLY[*]}" = "pr-table" ] || { echo "'prspread pr<TAB>' gave '${COMPREPLY[*]}'"; exit 1; }
COMP_WORDS=(prspread ""); COMP_CWORD=1; _prspread
for c in count reproduce train; do
  [[ " ${COMPREPLY[*]} " == *" $c "* ]] || { echo "'prspread <TAB>' lacks $c: '${COMPREPLY[*]}'"; exit 1; }
done
COMP_WORDS=(prspread count --vocab); COMP_CWORD=2; _prspread
[ "${COMPREPLY[*]}" = "--vocab-size" ] || { echo "'prspread count --vocab<TAB>' gave '${COMPREPLY[*]}'"; exit 1; }
echo ok
