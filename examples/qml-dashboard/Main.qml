// The dashboard: one DrsConnection to the demo service, and what it shows of it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtDrs

ApplicationWindow {
    id: window

    required property url serverUrl
    // main.cpp's --quit-after-counter: quit once the counter reaches it (-1: never).
    property double quitAfterCounter: -1

    property var counter: null // unknown until counter.get answers
    property string serverTime: ""
    property int ticks: 0

    width: 720
    height: 540
    visible: true
    title: qsTr("DRS dashboard: %1").arg(serverUrl.toString())

    function log(text) {
        const line = new Date().toLocaleTimeString(Qt.locale(), "hh:mm:ss.zzz") + "  " + text
        logModel.append({ line: line })
        if (logModel.count > 500)
            logModel.remove(0)
        logView.positionViewAtEnd()
        console.info("dashboard: " + text)
    }

    function stateName(state) {
        switch (state) {
        case DrsConnection.ConnectingState: return qsTr("connecting")
        case DrsConnection.ConnectedState: return qsTr("connected")
        case DrsConnection.ReconnectingState: return qsTr("reconnecting")
        default: return qsTr("unconnected")
        }
    }

    function refresh() {
        drs.call("counter.get", {}, function(result, error) {
            if (error)
                log("counter.get failed: " + error.message)
            else
                window.counter = result
        })
        fetchTime()
    }

    function fetchTime() {
        drs.call("time", {}, function(result, error) {
            if (error) {
                log("time failed: " + error.message)
                return
            }
            if (!window.serverTime)
                log("server time: " + result.iso) // once: it is asked every second
            window.serverTime = result.iso
        })
    }

    // Calls an action that is bound to fail, to show how the errors arrive.
    function tryAction(action) {
        drs.call(action, {}, function(result, error) {
            if (!error)
                log(action + " answered " + JSON.stringify(result))
            else if (error.code === DrsReply.RemoteError)
                log(action + " refused (drs.error): " + error.message)
            else if (error.code === DrsReply.RemoteException)
                log(action + " failed (drs.exception): " + error.message)
            else
                log(action + ": " + error.message)
        })
    }

    onCounterChanged: {
        if (counter === null)
            return
        log("counter: " + counter)
        if (quitAfterCounter >= 0 && counter >= quitAfterCounter) {
            log("counter reached " + quitAfterCounter + ", quitting")
            Qt.exit(0)
        }
    }

    DrsConnection {
        id: drs
        url: window.serverUrl
        active: true
        autoReconnect: true

        onStateChanged: {
            window.log("state: " + window.stateName(state))
            if (state === DrsConnection.ConnectedState)
                window.refresh()
        }
        onErrorChanged: {
            if (error !== DrsConnection.NoError)
                window.log("connection error: " + errorString)
        }
        onCommandReceived: function(command) {
            if (command.action === "counter.changed")
                window.counter = command.body.value
            else if (command.action === "demo.tick")
                ++window.ticks
            if (!command.action.startsWith("drs."))
                window.log("received " + command.action + " " + JSON.stringify(command.body))
        }
    }

    Timer {
        interval: 1000
        repeat: true
        running: drs.connected
        onTriggered: window.fetchTime()
    }

    ListModel {
        id: logModel
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12

        RowLayout {
            spacing: 8
            Rectangle {
                width: 14
                height: 14
                radius: 7
                color: drs.connected ? "#2e7d32"
                                     : drs.state === DrsConnection.UnconnectedState ? "#c62828"
                                                                                   : "#f9a825"
            }
            Label {
                text: window.stateName(drs.state)
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: window.serverUrl.toString()
                elide: Text.ElideMiddle
                opacity: 0.7
            }
        }

        RowLayout {
            spacing: 12

            GroupBox {
                title: qsTr("Counter")
                Layout.fillWidth: true
                ColumnLayout {
                    Label {
                        text: window.counter === null ? "–" : String(window.counter)
                        font.pixelSize: 40
                    }
                    Button {
                        text: qsTr("Increment")
                        enabled: drs.connected
                        // The answer is the new value; the counter.changed broadcast that every
                        // client receives carries it too.
                        onClicked: drs.call("counter.increment", {}, function(result, error) {
                            if (error)
                                window.log("counter.increment failed: " + error.message)
                            else
                                window.counter = result
                        })
                    }
                }
            }

            GroupBox {
                title: qsTr("Server time")
                Layout.fillWidth: true
                ColumnLayout {
                    Label {
                        text: window.serverTime || "–"
                        font.pixelSize: 18
                    }
                    Label {
                        text: qsTr("%n tick(s) received", "", window.ticks)
                        opacity: 0.7
                    }
                }
            }

            GroupBox {
                title: qsTr("Errors")
                ColumnLayout {
                    Button {
                        text: qsTr("Call fail")
                        enabled: drs.connected
                        onClicked: window.tryAction("fail")
                    }
                    Button {
                        text: qsTr("Call crash")
                        enabled: drs.connected
                        onClicked: window.tryAction("crash")
                    }
                }
            }
        }

        Label {
            text: qsTr("Received")
            font.bold: true
        }

        Frame {
            Layout.fillWidth: true
            Layout.fillHeight: true
            padding: 4
            ListView {
                id: logView
                anchors.fill: parent
                clip: true
                model: logModel
                delegate: Label {
                    required property string line
                    width: ListView.view.width
                    text: line
                    font.family: "monospace"
                    elide: Text.ElideRight
                }
                ScrollBar.vertical: ScrollBar {}
            }
        }
    }
}
