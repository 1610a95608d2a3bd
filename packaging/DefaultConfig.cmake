# cmake -DTIDEMARKD=<tidemarkd> -DOUTPUT=<file> -P DefaultConfig.cmake
# Writes the packaged default config: `tidemarkd config -dir /var/lib/tidemark`.
set(ENV{ASAN_OPTIONS} "detect_leaks=0") # the sanitizer builds run the same program here
execute_process(COMMAND ${TIDEMARKD} config -dir /var/lib/tidemark
    OUTPUT_FILE ${OUTPUT}.new RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "'${TIDEMARKD} config -dir /var/lib/tidemark' failed (${rc})")
endif()
file(RENAME ${OUTPUT}.new ${OUTPUT})
