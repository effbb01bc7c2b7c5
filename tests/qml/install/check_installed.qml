// Loaded by Qt's own qmltestrunner from an installed QtDrs (tst_qmlinstall): `import QtDrs` must
// find the installed plugin, and the plugin the installed library, with no help from the build tree.
import QtQuick
import QtTest
import QtDrs

TestCase {
    id: testCase
    name: "InstalledQtDrs"

    DrsServer {
        id: server
        urls: ["tcp://127.0.0.1:0"]
        active: true
        DrsHandler {
            action: "greet"
            handle: function(command) { return { hello: command.body.name } }
        }
    }

    DrsConnection {
        id: connection
        url: server.listening ? server.serverUrls[0] : ""
        active: true
    }

    function test_callThroughTheInstalledModule() {
        verify(server.listening)
        tryCompare(connection, "state", DrsConnection.ConnectedState, 10000)
        let answer = null
        connection.call("greet", { name: "installed" }, function(result, error) {
            answer = { result: result, error: error }
        })
        tryVerify(function() { return answer !== null }, 10000)
        compare(answer.error, null)
        compare(answer.result, { hello: "installed" })
    }
}
