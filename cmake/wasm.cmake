# The WebAssembly core, the web page and their tests (docs/web.md).
#
# Included from the top CMakeLists.txt in the native build when LIF_BUILD_WASM
# is ON. It
#  1. configures and builds this same source tree with Emscripten in
#     <build>/wasm (the top CMakeLists.txt then adds only core/ and wasm/),
#     producing <build>/wasm/wasm/lif_core.js, the core as one JS file;
#  2. installs the page's npm packages from web/package-lock.json (npm ci) into
#     <build>/web/node_modules, so that the source tree is never written;
#  3. builds <build>/web/lif.html, one self-contained page (web/build.mjs);
#  4. builds the native test tools (tests/web) and registers the node and
#     headless Chromium tests with CTest.

find_program(LIF_EMCMAKE emcmake REQUIRED)
find_program(LIF_NODE node REQUIRED)
find_program(LIF_NPM npm REQUIRED)
find_program(LIF_CHROMIUM NAMES chromium chromium-browser PATHS /usr/bin)

include(ExternalProject)

set(LIF_WASM_BINARY_DIR ${CMAKE_BINARY_DIR}/wasm)
set(LIF_CORE_JS ${LIF_WASM_BINARY_DIR}/wasm/lif_core.js)

# With Makefiles, $(MAKE) lets the inner build share the outer make's -j slots.
if(CMAKE_GENERATOR MATCHES "Makefiles")
  set(LIF_WASM_BUILD_COMMAND $(MAKE) lif_core_wasm)
else()
  set(LIF_WASM_BUILD_COMMAND ${CMAKE_COMMAND} --build ${LIF_WASM_BINARY_DIR} --target lif_core_wasm)
endif()

# emcc's JS optimizer finds acorn through NODE_PATH (docs/web.md): set it on
# the link command itself so the build does not depend on the caller's shell.
ExternalProject_Add(lif_wasm
  SOURCE_DIR ${PROJECT_SOURCE_DIR}
  BINARY_DIR ${LIF_WASM_BINARY_DIR}
  CONFIGURE_COMMAND ${LIF_EMCMAKE} ${CMAKE_COMMAND} -S ${PROJECT_SOURCE_DIR} -B ${LIF_WASM_BINARY_DIR}
    -DCMAKE_BUILD_TYPE=Release
    -DLIF_WERROR=${LIF_WERROR}
    -DCMAKE_CXX_LINKER_LAUNCHER=${CMAKE_COMMAND}|-E|env|NODE_PATH=/usr/share/nodejs
  LIST_SEPARATOR |
  BUILD_COMMAND ${LIF_WASM_BUILD_COMMAND}
  INSTALL_COMMAND ""
  # Always run the inner build: its own dependency scan decides what to redo.
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS ${LIF_CORE_JS}
  USES_TERMINAL_BUILD ON)

# npm packages, reproducibly from the lock file, in the build folder.
set(LIF_WEB_DIR ${CMAKE_BINARY_DIR}/web)
set(LIF_NODE_MODULES ${LIF_WEB_DIR}/node_modules)
configure_file(${PROJECT_SOURCE_DIR}/web/package.json ${LIF_WEB_DIR}/package.json COPYONLY)
configure_file(${PROJECT_SOURCE_DIR}/web/package-lock.json ${LIF_WEB_DIR}/package-lock.json COPYONLY)
set(LIF_NPM_STAMP ${LIF_WEB_DIR}/npm-ci.stamp)
add_custom_command(
  OUTPUT ${LIF_NPM_STAMP}
  COMMAND ${LIF_NPM} ci --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${LIF_NPM_STAMP}
  DEPENDS ${LIF_WEB_DIR}/package.json ${LIF_WEB_DIR}/package-lock.json
  WORKING_DIRECTORY ${LIF_WEB_DIR}
  COMMENT "npm ci (web/package-lock.json)"
  VERBATIM)

# The page: one HTML file with the core, the script and the styles inlined.
file(GLOB_RECURSE LIF_WEB_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/src/*)
set(LIF_WEB_HTML ${LIF_WEB_DIR}/lif.html)
add_custom_command(
  OUTPUT ${LIF_WEB_HTML}
  COMMAND ${LIF_NODE} ${PROJECT_SOURCE_DIR}/web/build.mjs
    --core ${LIF_CORE_JS} --node-modules ${LIF_NODE_MODULES} --out ${LIF_WEB_HTML}
  DEPENDS ${PROJECT_SOURCE_DIR}/web/build.mjs ${LIF_WEB_SOURCES} ${LIF_NPM_STAMP}
    ${LIF_CORE_JS} lif_wasm
  COMMENT "Building the page ${LIF_WEB_HTML}"
  VERBATIM)
add_custom_target(lif_web ALL DEPENDS ${LIF_WEB_HTML})

# Native tools used by the tests.
add_subdirectory(${PROJECT_SOURCE_DIR}/tests/web ${CMAKE_BINARY_DIR}/tests/web)

# The tests. They read their inputs from the environment (docs/web.md).
set(LIF_WEB_TEST_ENV
  LIF_CORE_JS=${LIF_CORE_JS}
  LIF_WEB_HTML=${LIF_WEB_HTML}
  LIF_NODE_MODULES=${LIF_NODE_MODULES}
  LIF_WEB_SRC=${PROJECT_SOURCE_DIR}/web/src
  LIF_MAKE_BUNDLE=$<TARGET_FILE:lif_make_bundle>
  LIF_NATIVE_VIEW=$<TARGET_FILE:lif_native_view>
  LIF_MAKE_PACK=$<TARGET_FILE:lif_make_pack>
  LIF_TEST_OUT=${CMAKE_BINARY_DIR}/test-output/web
  LIF_CHROMIUM=${LIF_CHROMIUM})
add_test(NAME web.wasm_equals_native
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/wasm_view.test.mjs)
add_test(NAME web.signed_head
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/signed_head.test.mjs)
add_test(NAME web.browser_file_page
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/browser.test.mjs)
add_test(NAME web.browser_served
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/served.test.mjs)
add_test(NAME web.browser_open_time
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/open_time.test.mjs)
# The calendar feeds of a real `lif serve`, read by the ical.js parser (docs/calendars.md).
add_test(NAME web.calendar_ics
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/calendar_ics.test.mjs)
set_tests_properties(web.calendar_ics PROPERTIES
  ENVIRONMENT "LIF_BINARY=$<TARGET_FILE:lif>;LIF_NODE_MODULES=${LIF_NODE_MODULES};LIF_TEST_OUT=${CMAKE_BINARY_DIR}/test-output/web"
  LABELS "web"
  TIMEOUT 180)
add_test(NAME web.browser_disclosure
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/disclosure.test.mjs)
# The board key pinned in a pack: a forged pack re-signed with a fresh key (docs/web.md).
add_test(NAME web.browser_pinned_key
  COMMAND ${LIF_NODE} --test --test-reporter=spec ${PROJECT_SOURCE_DIR}/tests/web/pinned_key.test.mjs)
set_tests_properties(web.wasm_equals_native web.signed_head web.browser_file_page web.browser_served
  web.browser_open_time web.browser_disclosure web.browser_pinned_key
  PROPERTIES
  ENVIRONMENT "${LIF_WEB_TEST_ENV}"
  LABELS "web"
  TIMEOUT 180)
# The big bundles (100,000 events in node, 20,000 in the browser) take longer.
set_tests_properties(web.signed_head web.browser_file_page web.browser_open_time PROPERTIES TIMEOUT 900)
# Two Chromium instances on a 2-core machine slow everything else down.
set_tests_properties(web.browser_file_page web.browser_served web.browser_open_time web.browser_disclosure
  web.browser_pinned_key PROPERTIES RUN_SERIAL ON)

# /openapi.json through a standard linter (Redocly CLI from the page's npm
# packages): no errors (tests/server/openapi_lint_test.sh).
add_test(NAME openapi.lint
  COMMAND bash ${PROJECT_SOURCE_DIR}/tests/server/openapi_lint_test.sh
    $<TARGET_FILE:lif_openapi_dump> ${LIF_NODE_MODULES})
set_tests_properties(openapi.lint PROPERTIES TIMEOUT 120)
