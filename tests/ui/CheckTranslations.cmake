# ctest script: fails when lupdate would change translations/tidemark_de.ts (or the English plural
# forms in tidemark_en.ts), i.e. when a tr() / QCoreApplication::translate() / QT_TRANSLATE_NOOP()
# string was added or changed in core/ (recursively) or ui/ without updating the translation, and
# when either file has an unfinished entry.
# Fix: scripts/update-translations.sh (it keeps translations whose tr() context changed), then
# translate the entries it lists.
# lupdate runs as in that script and in ui/CMakeLists.txt: the same sources in the same order,
# -I core -I ui (so it knows core's classes and their Q_DECLARE_TR_FUNCTIONS contexts),
# -no-obsolete -locations none.
# Arguments: -DLUPDATE=... -DSOURCE_DIR=... -DWORK_DIR=...
file(GLOB_RECURSE core_sources ${SOURCE_DIR}/core/*.cpp ${SOURCE_DIR}/core/*.h)
file(GLOB ui_sources ${SOURCE_DIR}/ui/*.cpp ${SOURCE_DIR}/ui/*.h)
set(sources ${core_sources} ${ui_sources})
list(SORT sources)
set(flags -silent -no-obsolete -locations none -I ${SOURCE_DIR}/core -I ${SOURCE_DIR}/ui)
set(fix "run scripts/update-translations.sh and translate the entries it lists")
file(MAKE_DIRECTORY ${WORK_DIR})

# lupdate's warnings (e.g. "Class 'tidemark' lacks Q_OBJECT macro": a tr() whose context lupdate
# cannot tell, so its translation may not be found at run time) are shown, but do not fail the check.
function(run_lupdate ts)
    execute_process(COMMAND ${LUPDATE} ${flags} ${ARGN} ${sources} -ts ${WORK_DIR}/${ts}
                    RESULT_VARIABLE rc ERROR_VARIABLE warnings)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "lupdate failed (${rc}) on ${ts}:\n${warnings}")
    endif()
    if(warnings AND ts STREQUAL "tidemark_de.ts") # the same for both files: shown once
        message(STATUS "lupdate warnings for ${ts}:\n${warnings}")
    endif()
endfunction()

# German: every message of core/ and ui/, all translated.
configure_file(${SOURCE_DIR}/translations/tidemark_de.ts ${WORK_DIR}/tidemark_de.ts COPYONLY)
run_lupdate(tidemark_de.ts)
file(READ ${SOURCE_DIR}/translations/tidemark_de.ts committed)
file(READ ${WORK_DIR}/tidemark_de.ts updated)
if(NOT committed STREQUAL updated)
    message(FATAL_ERROR "translations/tidemark_de.ts is out of date with the tr() strings in core/ and ui/: ${fix}")
endif()
string(FIND "${updated}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "translations/tidemark_de.ts has unfinished entries: ${fix}")
endif()

# English: only the plural forms.
configure_file(${SOURCE_DIR}/translations/tidemark_en.ts ${WORK_DIR}/tidemark_en.ts COPYONLY)
run_lupdate(tidemark_en.ts -pluralonly)
file(READ ${SOURCE_DIR}/translations/tidemark_en.ts committed)
file(READ ${WORK_DIR}/tidemark_en.ts updated)
if(NOT committed STREQUAL updated)
    message(FATAL_ERROR "translations/tidemark_en.ts (plural forms of core/ and ui/) is out of date: ${fix} "
                        "(both English forms)")
endif()
string(FIND "${updated}" "type=\"unfinished\"" unfinished)
if(NOT unfinished EQUAL -1)
    message(FATAL_ERROR "translations/tidemark_en.ts has unfinished plural forms: ${fix} (both English forms)")
endif()
message(STATUS "translations/tidemark_de.ts and tidemark_en.ts are complete and up to date (core/ and ui/)")
