# Third-party libraries, all from Debian. Jansson, libxlsxwriter, libcurl and cmocka
# ship pkg-config files; libharu and libcsv do not, so they are found by header and
# library name and wrapped in imported targets.
find_package(PkgConfig REQUIRED)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)

find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY NAMES csv REQUIRED)
add_library(Slapack::csv UNKNOWN IMPORTED)
set_target_properties(Slapack::csv PROPERTIES IMPORTED_LOCATION ${CSV_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${CSV_INCLUDE_DIR})

find_path(HPDF_INCLUDE_DIR hpdf.h REQUIRED)
find_library(HPDF_LIBRARY NAMES hpdf REQUIRED)
add_library(Slapack::hpdf UNKNOWN IMPORTED)
set_target_properties(Slapack::hpdf PROPERTIES IMPORTED_LOCATION ${HPDF_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${HPDF_INCLUDE_DIR})
