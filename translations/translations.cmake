# drs-inspector's German and French translations, compiled into drs-inspector-core as
# ":/i18n/drs-inspector_<lang>.qm" (loaded by installTranslations(), inspector/app/translations.h).
# Included from inspector/app/CMakeLists.txt once drs-inspector-core exists. To refresh the .ts
# files after changing tr() strings: cmake --build <builddir> --target update_translations
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)

qt_add_translations(drs-inspector-core
    TS_FILES
        "${CMAKE_CURRENT_LIST_DIR}/drs-inspector_de.ts"
        "${CMAKE_CURRENT_LIST_DIR}/drs-inspector_fr.ts"
    RESOURCE_PREFIX "/i18n"
    LUPDATE_OPTIONS -no-obsolete -locations none)
