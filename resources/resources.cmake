# The inspector's icons, compiled into drs-inspector-core under ":/icons/<name>.svg" (the app icon
# is ":/icons/drs-inspector.svg"), and the install rules of its .desktop file and app icon.
# Included from inspector/app/CMakeLists.txt once drs-inspector-core exists.
set(drs_inspector_icon_names
    about call clear connect copy disconnect export fire history import incoming jump listen
    new-session outgoing pause replay resume settings templates
    status-answered status-connected status-connecting status-disconnected status-error
    status-exception status-fired status-listening status-malformed status-pending status-timeout)

set(drs_inspector_icon_files "${CMAKE_CURRENT_LIST_DIR}/drs-inspector.svg")
foreach(name IN LISTS drs_inspector_icon_names)
    list(APPEND drs_inspector_icon_files "${CMAKE_CURRENT_LIST_DIR}/icons/${name}.svg")
endforeach()
set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/drs-inspector.svg"
    PROPERTIES QT_RESOURCE_ALIAS drs-inspector.svg)

qt_add_resources(drs-inspector-core drs-inspector-icons
    PREFIX "/icons"
    BASE "${CMAKE_CURRENT_LIST_DIR}/icons"
    FILES ${drs_inspector_icon_files})

install(FILES "${CMAKE_CURRENT_LIST_DIR}/drs-inspector.desktop"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/drs-inspector.svg"
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
