# The browser demo, built by Debian's Emscripten through its CMake toolchain file
# (emcmake cmake -S . -B build-wasm -G Ninja; ./build_wasm.sh does this and serves dist/):
#   dist/index.{html,js,wasm}     the page (web/shell.html, web/cnn_demo_api.js)
#   dist/cnn-demo.html + embed.html, embed.*, cnn-demo-scorm12.zip   web/embed_package.py (the single
#                                 file and the SCORM zip carry mnist-train.cnnd too)
#   dist/mnist-train.cnnd         the Train tab's data (fetched by the page when the tab opens)
# Dear ImGui and SDL2 come from Debian source packages into third_party/ (scripts/fetch_third_party.sh,
# run from here when missing); SDL2 is a cached static library. The model, 100 sample digits,
# font subsets and shaders are generated into build-wasm/gen/ by scripts/*.py and compiled in
# (-sFILESYSTEM=0). Every generator only rewrites its output when the content changes.

set(CNN_MODEL "${CMAKE_SOURCE_DIR}/models/simpleconvnet.cnnw" CACHE FILEPATH "the first model (\"simple\") compiled into index.wasm")
# The models the page offers, in the order of its model switch: NAME=FILE, the first one shown at
# start-up. The one list: scripts/embed_header.py turns it into the table kEmbeddedModels that the
# app and, through cnn_demo_models(), the page's JavaScript read. The names are those of
# cnn::named_architectures() (the app words them as model.<name>). Only the first is compiled
# into index.wasm; each other one is a file of dist/ (FILE's name) that the page fetches when the
# student first picks it (app::ModelShelf), so the page's first load carries one model.
set(CNN_MODELS "simple=${CNN_MODEL}" "two-stage=${CMAKE_SOURCE_DIR}/models/two-stage.cnnw")
set(CNN_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "where the page and its packages are written")
set(CNN_NATIVE_BUILD_DIR "${CMAKE_SOURCE_DIR}/build" CACHE PATH "native build tree whose `cnn` tool writes the sample digits")
set(CNN_MNIST_DIR "${CMAKE_SOURCE_DIR}/data/mnist" CACHE PATH "MNIST IDX files (scripts/fetch_mnist.sh)")
set(CNN_PYTHON /usr/bin/python3 CACHE FILEPATH "Python 3 with fontTools (Debian's python3-fonttools)")
# docs/web-demo.md ("Exceptions") has the measured cost. OFF is only for measuring it: a throw
# then aborts the page instead of reaching the catch that words the error for the student.
option(CNN_WEB_EXCEPTIONS "C++ exceptions in the web build (-fexceptions on every target and the link)" ON)

set(IMGUI_DIR "${CMAKE_SOURCE_DIR}/third_party/imgui-1.90.1")
set(SDL_PREFIX "${CMAKE_SOURCE_DIR}/third_party/sdl2-wasm")
if(NOT EXISTS "${IMGUI_DIR}/imgui.h" OR NOT EXISTS "${SDL_PREFIX}/lib/libSDL2.a")
  message(STATUS "Dear ImGui / SDL2 missing from third_party/: running scripts/fetch_third_party.sh")
  execute_process(COMMAND "${CMAKE_SOURCE_DIR}/scripts/fetch_third_party.sh" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "scripts/fetch_third_party.sh failed (needs the deb-src entries of scripts/install_deps.sh web)")
  endif()
endif()
# emcc's JavaScript optimiser needs Debian's acorn when `node` is not Debian's.
set(CMAKE_CXX_LINKER_LAUNCHER "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs EM_FROZEN_CACHE=1)

# Exceptions, one way for the whole app: every target linked into the page, and the link.
add_library(cnn_web_exceptions INTERFACE)
if(CNN_WEB_EXCEPTIONS)
  target_compile_options(cnn_web_exceptions INTERFACE -fexceptions)
  target_link_options(cnn_web_exceptions INTERFACE -fexceptions)
endif()
target_link_libraries(cnn_core PRIVATE cnn_web_exceptions)

# ---- Generated files ------------------------------------------------------------------------
set(GEN "${CMAKE_BINARY_DIR}/gen")
set(SCRIPTS "${CMAKE_SOURCE_DIR}/scripts")
file(MAKE_DIRECTORY "${GEN}")

# The native `cnn` tool writes the sample digits and the Train tab's data; it is (re)built in
# its own tree with the host compiler, incrementally, at every build (restat: what depends on it
# is redone only when it changed).
set(CNN_TOOL "${CNN_NATIVE_BUILD_DIR}/cnn")
add_custom_target(cnn_native_tool
  COMMAND "${CMAKE_COMMAND}" "-DSOURCE_DIR=${CMAKE_SOURCE_DIR}" "-DBINARY_DIR=${CNN_NATIVE_BUILD_DIR}"
          -P "${CMAKE_SOURCE_DIR}/cmake/native_tool.cmake"
  BYPRODUCTS "${CNN_TOOL}"
  COMMENT "Native tool ${CNN_TOOL}" VERBATIM)
add_custom_command(OUTPUT "${GEN}/samples.cnns"
  COMMAND "${CNN_TOOL}" samples --data "${CNN_MNIST_DIR}" --count 100 --out "${GEN}/samples.cnns"
  DEPENDS "${CNN_TOOL}" "${CNN_MNIST_DIR}/t10k-images-idx3-ubyte" "${CNN_MNIST_DIR}/t10k-labels-idx1-ubyte" VERBATIM)
# 10 000 training + 1 000 test digits with a CRC: a separate file in dist/, fetched only when
# the Train tab opens (the page load does not grow).
add_custom_command(OUTPUT "${GEN}/mnist-train.cnnd"
  COMMAND "${CNN_TOOL}" subset --data "${CNN_MNIST_DIR}" --train 10000 --test 1000 --out "${GEN}/mnist-train.cnnd"
  DEPENDS "${CNN_TOOL}" "${CNN_MNIST_DIR}/train-images-idx3-ubyte" "${CNN_MNIST_DIR}/train-labels-idx1-ubyte"
          "${CNN_MNIST_DIR}/t10k-images-idx3-ubyte" "${CNN_MNIST_DIR}/t10k-labels-idx1-ubyte" VERBATIM)

# UI fonts: DejaVu Sans (fonts-dejavu-core) cut down to the Latin-1 characters the UI uses
# (~17 KB each instead of ~750 KB); Noto Sans CJK KR (fonts-noto-cjk), regular and bold, cut
# down to exactly the Hangul that the Korean strings in src/app/ (every folder) use, plus ASCII.
set(CNN_LATIN_GLYPHS "U+0020-007E,U+00A0-00FF,U+00D7,U+2013-2014,U+2026,U+2190-2193,U+2212,U+229B")
foreach(style IN ITEMS "" "-Bold")
  set(font "/usr/share/fonts/truetype/dejavu/DejaVuSans${style}.ttf")
  add_custom_command(OUTPUT "${GEN}/DejaVuSans${style}-subset.ttf"
    COMMAND "${CNN_PYTHON}" "${SCRIPTS}/fonts.py" subset "${font}" "${GEN}/DejaVuSans${style}-subset.ttf"
            "--unicodes=${CNN_LATIN_GLYPHS}"
    DEPENDS "${font}" "${SCRIPTS}/fonts.py" VERBATIM)
endforeach()
file(GLOB_RECURSE CNN_APP_TEXT_FILES CONFIGURE_DEPENDS src/app/*.inc src/app/*.cpp)
add_custom_command(OUTPUT "${GEN}/korean-unicodes.txt"
  COMMAND "${CNN_PYTHON}" "${SCRIPTS}/fonts.py" hangul "${CMAKE_SOURCE_DIR}/src/app" "${GEN}/korean-unicodes.txt"
  DEPENDS ${CNN_APP_TEXT_FILES} "${SCRIPTS}/fonts.py" VERBATIM)
# Regular for the body, Bold for headings and titles (the Korean of a heading is bold too).
foreach(style IN ITEMS "Regular" "Bold")
  set(noto "/usr/share/fonts/opentype/noto/NotoSansCJK-${style}.ttc")
  set(out "${GEN}/NotoSansKR-subset.otf")
  if(style STREQUAL "Bold")
    set(out "${GEN}/NotoSansKR-Bold-subset.otf")
  endif()
  add_custom_command(OUTPUT "${out}"
    COMMAND "${CNN_PYTHON}" "${SCRIPTS}/fonts.py" subset "${noto}" "${out}"
            --font-number=1 "--unicodes-file=${GEN}/korean-unicodes.txt" --desubroutinize
    DEPENDS "${noto}" "${GEN}/korean-unicodes.txt" "${SCRIPTS}/fonts.py" VERBATIM)
endforeach()

# Compiled-in files → headers (scripts/embed_header.py).
set(embed "${SCRIPTS}/embed_header.py")
set(model_items --comment "the models of the page's model switch, in its order (CNN_MODELS)")
set(model_files)
set(fetched_models)  # NAME=FILE of the models fetched on demand
set(fetched_copies)  # their copies in dist/
set(model_urls)      # "NAME": "FILE's name" for the page's JavaScript
set(first_model TRUE)
foreach(entry IN LISTS CNN_MODELS)
  string(REGEX MATCH "^([a-z0-9-]+)=(.+)$" ok "${entry}")
  if(NOT ok)
    message(FATAL_ERROR "CNN_MODELS: \"${entry}\" is not NAME=FILE (NAME: lower-case letters, digits, -)")
  endif()
  set(name "${CMAKE_MATCH_1}")
  set(file "${CMAKE_MATCH_2}")
  list(APPEND model_files "${file}")
  if(NOT model_files STREQUAL "${file}")  # not the first
    set(first_model FALSE)
  endif()
  if(first_model)
    list(APPEND model_items --model "${name}=${file}")
  else()
    list(APPEND model_items --model-fetched "${name}=${file}")
    get_filename_component(base "${file}" NAME)
    list(APPEND fetched_models "${name}=${CNN_DIST_DIR}/${base}")
    list(APPEND fetched_copies "${CNN_DIST_DIR}/${base}")
    list(APPEND model_urls "\"${name}\": \"${base}\"")
    add_custom_command(OUTPUT "${CNN_DIST_DIR}/${base}"
      COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${file}" "${CNN_DIST_DIR}/${base}"
      DEPENDS "${file}" VERBATIM)
  endif()
endforeach()
# The files of the models fetched on demand, by name, as literals in index.js (deploy/hash_names.py
# rewrites them to the hashed names): Module.cnnModelUrls, read by web/cnn_demo_api.js.
list(JOIN model_urls ", " model_urls)
file(CONFIGURE OUTPUT "${GEN}/model_urls.js" CONTENT
  "// Generated from CNN_MODELS (cmake/web.cmake): the site files of the models fetched on demand.\nModule.cnnModelUrls = {@model_urls@};\n" @ONLY)
add_custom_command(OUTPUT "${GEN}/embedded_model.h"
  COMMAND "${CNN_PYTHON}" "${embed}" "${GEN}/embedded_model.h" ${model_items}
  DEPENDS ${model_files} "${embed}" VERBATIM)
add_custom_command(OUTPUT "${GEN}/embedded_samples.h"
  COMMAND "${CNN_PYTHON}" "${embed}" "${GEN}/embedded_samples.h"
          --comment "cnn samples output: CNNS, count, rows, cols, then (label, 784 pixels) records"
          --bytes "kEmbeddedSamples=${GEN}/samples.cnns"
  DEPENDS "${GEN}/samples.cnns" "${embed}" VERBATIM)
add_custom_command(OUTPUT "${GEN}/embedded_fonts.h"
  COMMAND "${CNN_PYTHON}" "${embed}" "${GEN}/embedded_fonts.h"
          --comment "DejaVu Sans subsets (fonts-dejavu-core; license: Bitstream Vera / public domain changes)"
          --bytes "kFontSans=${GEN}/DejaVuSans-subset.ttf" --bytes "kFontSansBold=${GEN}/DejaVuSans-Bold-subset.ttf"
          --comment "Noto Sans CJK KR subset: the Hangul of the Korean strings (fonts-noto-cjk; SIL OFL 1.1)"
          --bytes "kFontKorean=${GEN}/NotoSansKR-subset.otf" --bytes "kFontKoreanBold=${GEN}/NotoSansKR-Bold-subset.otf"
  DEPENDS "${GEN}/DejaVuSans-subset.ttf" "${GEN}/DejaVuSans-Bold-subset.ttf" "${GEN}/NotoSansKR-subset.otf"
          "${GEN}/NotoSansKR-Bold-subset.otf" "${embed}"
  VERBATIM)
file(GLOB CNN_SHADERS CONFIGURE_DEPENDS shaders/*.vert shaders/*.frag shaders/*.glsl)
list(SORT CNN_SHADERS)
set(shader_items --comment "GLSL sources from shaders/")
foreach(shader IN LISTS CNN_SHADERS)
  get_filename_component(name "${shader}" NAME)
  string(REPLACE "." "_" name "${name}")
  list(APPEND shader_items --text "kShader_${name}=${shader}")
endforeach()
add_custom_command(OUTPUT "${GEN}/embedded_shaders.h"
  COMMAND "${CNN_PYTHON}" "${embed}" "${GEN}/embedded_shaders.h" ${shader_items}
  DEPENDS ${CNN_SHADERS} "${embed}" VERBATIM)

# ---- Dear ImGui (SDL2 + OpenGL ES 3 / WebGL2 backends) --------------------------------------
# The interface (Dear ImGui and the app's drawing code) is compiled for size: it is a third of
# index.wasm and draws a frame in well under a millisecond either way; the CNN core, where the
# time goes, keeps -O3 (docs/web-demo.md has the measurements).
set(CNN_WEB_UI_OPT -Oz CACHE STRING "optimisation of Dear ImGui and the app's code in the web build")
add_library(imgui OBJECT
  "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp" "${IMGUI_DIR}/imgui_tables.cpp"
  "${IMGUI_DIR}/imgui_widgets.cpp" "${IMGUI_DIR}/backends/imgui_impl_sdl2.cpp"
  "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(imgui PUBLIC "${IMGUI_DIR}" "${IMGUI_DIR}/backends" "${SDL_PREFIX}/include/SDL2")
# IMGUI_DISABLE_DEBUG_TOOLS: no metrics window, debug log or item picker (the page shows none):
# index.wasm 3.8 KB smaller gzipped (docs/web-demo.md, "Size: the interface compiled for size").
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEBUG_TOOLS)
target_compile_options(imgui PRIVATE -Wno-unused-parameter ${CNN_WEB_UI_OPT})
# The OpenGL backend's state queries are answered by the shim (synchronous in WebGL, slow).
set_source_files_properties("${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp" PROPERTIES
  COMPILE_OPTIONS "-include;${CMAKE_SOURCE_DIR}/src/web/gl_state_shim.h")
target_link_libraries(imgui PRIVATE cnn_web_exceptions)

# ---- The app (src/app/**, every folder) and the browser platform layer (src/web/) ------------
file(GLOB_RECURSE CNN_APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp)
file(GLOB CNN_WEB_SOURCES CONFIGURE_DEPENDS src/web/*.cpp)
add_library(cnn_web_app OBJECT ${CNN_APP_SOURCES} ${CNN_WEB_SOURCES}
  "${GEN}/embedded_model.h" "${GEN}/embedded_samples.h" "${GEN}/embedded_fonts.h" "${GEN}/embedded_shaders.h")
target_include_directories(cnn_web_app PRIVATE "${GEN}")
target_link_libraries(cnn_web_app PRIVATE cnn_core imgui cnn_web_exceptions)
target_compile_options(cnn_web_app PRIVATE ${CNN_WEB_UI_OPT})

# ---- The two links: the page, and the same objects as one self-contained file ----------------
# SDL2's audio code, linked as a plain library, needs two JavaScript library functions (the SDL
# port would add them). Their names start with $, which CMake's Ninja generator escapes twice in
# link options, so emcc reads the list from a file (-sSETTING=@file).
file(WRITE "${CMAKE_BINARY_DIR}/library_funcs.txt" "[$autoResumeAudioContext,$dynCall]")
set(CNN_WEB_LINK_OPTIONS -O3 -msimd128 -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sENVIRONMENT=web
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sMINIFY_HTML=0
  "-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=@${CMAKE_BINARY_DIR}/library_funcs.txt"
  "-sEXPORTED_RUNTIME_METHODS=[UTF8ToString]" -sDYNAMIC_EXECUTION=0
  "SHELL:--shell-file ${CMAKE_SOURCE_DIR}/web/shell.html" "SHELL:--post-js ${GEN}/model_urls.js" "SHELL:--post-js ${CMAKE_SOURCE_DIR}/web/cnn_demo_lms.js"
  "SHELL:--post-js ${CMAKE_SOURCE_DIR}/web/cnn_demo_api.js")
foreach(target IN ITEMS cnn_web cnn_web_single)
  add_executable(${target})
  target_link_libraries(${target} PRIVATE cnn_core imgui cnn_web_app "${SDL_PREFIX}/lib/libSDL2.a" cnn_web_exceptions)
  target_link_options(${target} PRIVATE ${CNN_WEB_LINK_OPTIONS})
  set_target_properties(${target} PROPERTIES SUFFIX ".html")
endforeach()
set_target_properties(cnn_web PROPERTIES OUTPUT_NAME index RUNTIME_OUTPUT_DIRECTORY "${CNN_DIST_DIR}"
  LINK_DEPENDS "${CMAKE_SOURCE_DIR}/web/shell.html;${CMAKE_SOURCE_DIR}/web/cnn_demo_api.js;${CMAKE_SOURCE_DIR}/web/cnn_demo_lms.js;${GEN}/model_urls.js")
# Embedding (docs/embedding.md): the second shell and the embedding glue around the same objects.
target_link_options(cnn_web_single PRIVATE -sSINGLE_FILE=1 "SHELL:--shell-file ${CMAKE_SOURCE_DIR}/web/embed.html"
  "SHELL:--pre-js ${CMAKE_SOURCE_DIR}/web/embed_setup.js" "SHELL:--post-js ${CMAKE_SOURCE_DIR}/web/embed.js")
set_target_properties(cnn_web_single PROPERTIES OUTPUT_NAME cnn-demo RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/single"
  LINK_DEPENDS "${CMAKE_SOURCE_DIR}/web/embed.html;${CMAKE_SOURCE_DIR}/web/embed_setup.js;${CMAKE_SOURCE_DIR}/web/cnn_demo_api.js;${CMAKE_SOURCE_DIR}/web/cnn_demo_lms.js;${CMAKE_SOURCE_DIR}/web/embed.js;${GEN}/model_urls.js")

# ---- The training worker: the core and the training session alone, no ImGui or SDL ------------
# dist/train_worker.js, one file with its wasm inlined (-sSINGLE_FILE), which the page starts as a
# dedicated Web Worker when the Train tab opens (web/cnn_demo_api.js); the offline single file
# carries the same text. Its memory is capped so that running out of it ends in a message
# (app::WorkerEngine), not in a tab that takes all of a small device's memory.
add_executable(cnn_train_worker src/web/worker/train_worker.cpp src/app/train/session.cpp
  src/app/train/worker_engine.cpp src/app/train/worker_protocol.cpp)
target_include_directories(cnn_train_worker PRIVATE "${CMAKE_SOURCE_DIR}/src")
target_link_libraries(cnn_train_worker PRIVATE cnn_core cnn_web_exceptions)
target_link_options(cnn_train_worker PRIVATE -O3 -msimd128 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=268435456
  -sFILESYSTEM=0 -sENVIRONMENT=worker -sSINGLE_FILE=1 -sDYNAMIC_EXECUTION=0
  "SHELL:--post-js ${CMAKE_SOURCE_DIR}/web/train_worker_main.js")
set_target_properties(cnn_train_worker PROPERTIES OUTPUT_NAME train_worker SUFFIX ".js"
  RUNTIME_OUTPUT_DIRECTORY "${CNN_DIST_DIR}" LINK_DEPENDS "${CMAKE_SOURCE_DIR}/web/train_worker_main.js")

# ---- Packaging into dist/ ---------------------------------------------------------------------
# The pages' Content-Security-Policy allows WebAssembly but not JavaScript eval: check the linked
# JavaScript first, then write embed.html, cnn-demo.html, the SCORM zip and index.html's policy.
set(stamp "${CMAKE_BINARY_DIR}/package.stamp")
set(d "${CNN_DIST_DIR}")
add_custom_command(OUTPUT "${stamp}"
  BYPRODUCTS "${d}/embed.html" "${d}/embed.css" "${d}/embed_setup.js" "${d}/embed.js" "${d}/cnn-demo.html"
             "${d}/cnn-demo-scorm12.zip"
  COMMAND "${CNN_PYTHON}" "${SCRIPTS}/check_no_eval.py" "${d}/index.js" "$<TARGET_FILE:cnn_web>" "$<TARGET_FILE:cnn_web_single>"
          "$<TARGET_FILE:cnn_train_worker>"
  COMMAND "${CNN_PYTHON}" "${CMAKE_SOURCE_DIR}/web/embed_package.py" "${CMAKE_SOURCE_DIR}/web" "$<TARGET_FILE:cnn_web_single>" "${d}"
          ${fetched_models}
  COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
  DEPENDS cnn_web cnn_web_single cnn_train_worker "${SCRIPTS}/check_no_eval.py" "${CMAKE_SOURCE_DIR}/web/embed_package.py" "${d}/mnist-train.cnnd"
          ${fetched_copies}
          "${CMAKE_SOURCE_DIR}/web/embed.html" "${CMAKE_SOURCE_DIR}/web/embed.css"
          "${CMAKE_SOURCE_DIR}/web/embed_setup.js" "${CMAKE_SOURCE_DIR}/web/embed.js"
  COMMENT "Packaging dist/ (embed.html, cnn-demo.html, SCORM zip)" VERBATIM)
add_custom_command(OUTPUT "${d}/mnist-train.cnnd"
  COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${GEN}/mnist-train.cnnd" "${d}/mnist-train.cnnd"
  DEPENDS "${GEN}/mnist-train.cnnd" VERBATIM)
add_custom_target(cnn_web_package ALL DEPENDS "${stamp}" "${d}/mnist-train.cnnd" ${fetched_copies})
