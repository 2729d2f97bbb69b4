# Bash completion (reads commands and options from the CLI's --help at run time).
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/completion/prspread.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME prspread)
