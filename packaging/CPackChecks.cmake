# Read by cpack (CPACK_PROJECT_CONFIG_FILE) before it builds the packages.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr")
    message(FATAL_ERROR "Debian packages install under /usr, and their config under /etc; this "
                        "build is configured for '${CPACK_PACKAGING_INSTALL_PREFIX}'.\n"
                        "HINT: configure a build directory with -DCMAKE_INSTALL_PREFIX=/usr and run cpack there.")
endif()
