# Script for tst_qmlinstall: install the build into a scratch prefix, then run the installed QML
# module with Qt's own qmltestrunner, importing from the prefix only.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "install failed (${result}):\n${out}\n${err}")
endif()
foreach(file qmldir libQtDrsQml.so QtDrsQml.qmltypes)
    if(NOT EXISTS ${prefix}/${QML_DIR}/QtDrs/${file})
        message(FATAL_ERROR "not installed: ${QML_DIR}/QtDrs/${file}")
    endif()
endforeach()

# Nothing may point back at the build tree: the plugin must find libQtDrs by its own RUNPATH.
unset(ENV{QML_IMPORT_PATH})
unset(ENV{QML2_IMPORT_PATH})
unset(ENV{LD_LIBRARY_PATH})
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND ${QMLTESTRUNNER} -import ${prefix}/${QML_DIR} -input ${TEST_QML}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "qmltestrunner failed (${result})")
endif()
if(NOT out MATCHES "Totals: 3 passed, 0 failed")
    message(FATAL_ERROR "the installed module's test did not run")
endif()
