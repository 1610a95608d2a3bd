# ctest script: fails when lupdate would change translations/tidemark_de.ts (or the English plural
# forms in tidemark_en.ts), i.e. when a tr()
# string was added or changed in ui/ without updating the translation
# (fix: cmake --build BUILD --target tidemark_ui_lupdate, then translate the new entries).
# Arguments: -DLUPDATE=... -DSOURCE_DIR=... -DWORK_DIR=...
file(GLOB sources ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h)
file(MAKE_DIRECTORY ${WORK_DIR})
configure_file(${SOURCE_DIR}/translations/tidemark_de.ts ${WORK_DIR}/tidemark_de.ts COPYONLY)
execute_process(COMMAND ${LUPDATE} -silent -no-obsolete -locations none ${sources} -ts ${WORK_DIR}/tidemark_de.ts
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc})")
endif()
file(READ ${SOURCE_DIR}/translations/tidemark_de.ts committed)
file(READ ${WORK_DIR}/tidemark_de.ts updated)
if(NOT committed STREQUAL updated)
    message(FATAL_ERROR "translations/tidemark_de.ts is out of date with the tr() strings in ui/: run "
                        "`cmake --build <build> --target tidemark_ui_lupdate` and translate the new entries")
endif()
string(FIND "${updated}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "translations/tidemark_de.ts has unfinished entries")
endif()

# English: only the plural forms.
configure_file(${SOURCE_DIR}/translations/tidemark_en.ts ${WORK_DIR}/tidemark_en.ts COPYONLY)
execute_process(COMMAND ${LUPDATE} -silent -pluralonly -no-obsolete -locations none ${sources} -ts ${WORK_DIR}/tidemark_en.ts
                RESULT_VARIABLE rc)
file(READ ${SOURCE_DIR}/translations/tidemark_en.ts committed)
file(READ ${WORK_DIR}/tidemark_en.ts updated)
if(NOT rc EQUAL 0 OR NOT committed STREQUAL updated)
    message(FATAL_ERROR "translations/tidemark_en.ts (plural forms) is out of date: run `lupdate -pluralonly -no-obsolete "
                        "-locations none ui/*.cpp ui/*.h -ts translations/tidemark_en.ts` and fill the new forms")
endif()
string(FIND "${updated}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "translations/tidemark_en.ts has unfinished plural forms")
endif()
message(STATUS "translations/tidemark_de.ts and tidemark_en.ts are complete and up to date")
