// DrsServer and DrsHandler in QML, called by a real C++ client (drsTest.cppCall, tst_qmldrs.cpp)
// and by QML DrsConnections.
import QtQuick
import QtTest
import QtDrs

TestCase {
    id: testCase
    name: "DrsServer"

    DrsServer {
        id: server
        urls: ["tcp://127.0.0.1:0"]
        active: true

        property var pending: []
        property string secondAnswerError: ""
        property int chainRuns: 0

        DrsHandler {
            action: "greet"
            handle: function(command, request) { return { hello: command.body.name } }
        }
        DrsHandler {
            action: "nothing"
            handle: function() { return null }
        }
        DrsHandler {
            action: "explode"
            handle: function() { throw new Error("kaput") }
        }
        DrsHandler {
            action: "refuse"
            handle: function(command, request) { request.error("bad input: " + command.body.why) }
        }
        DrsHandler {
            // Returns undefined: the answer comes later, from laterTimer.
            action: "later"
            handle: function(command, request) {
                server.pending.push(request)
                laterTimer.start()
            }
        }
        DrsHandler {
            action: "forget"
            handle: function(command, request) {}
        }
        DrsHandler {
            action: "unsendable"
            handle: function() { return { f: function() {} } }
        }
        DrsHandler {
            action: "twice"
            handle: function(command, request) {
                request.respond("first")
                verify(request.answered)
                try {
                    request.respond("second")
                } catch (e) {
                    server.secondAnswerError = e.message
                }
            }
        }
        DrsHandler {
            action: "chain"
            handle: function() { ++server.chainRuns; return "one" }
        }
        DrsHandler {
            action: "chain"
            handle: function() { ++server.chainRuns; return "two" }
        }
        DrsHandler {
            id: toggled
            action: "toggled"
            enabled: false
            handle: function() { return "on" }
        }
        DrsHandler {
            action: "whoami"
            handle: function(command, request) { return request.client.peerName }
        }
        DrsHandler {
            action: "version"
            handle: function(command) { return command.version === undefined ? "none" : command.version }
        }
    }

    Timer {
        id: laterTimer
        interval: 50
        onTriggered: {
            for (let request of server.pending) {
                if (request.command.body.fail)
                    request.exception("failed later")
                else
                    request.respond({ late: request.command.body.n })
            }
            server.pending = []
        }
    }

    Component {
        id: clientComponent
        DrsConnection {
            active: true
            DrsHandler {
                action: "client.ping"
                handle: function(command) { return "pong " + command.body.n }
            }
        }
    }

    Component {
        id: serverComponent
        DrsServer { active: true }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    SignalSpy {
        id: cppCallSpy
        target: drsTest
        signalName: "cppCallFinished"
    }

    // A spy for this test only: cleanup() detaches it, so a target that outlives the test (a
    // reply, the server) never signals a destroyed spy.
    property var spies: []
    function spy(target, signalName) {
        let s = createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
        spies.push(s)
        return s
    }

    function init() {
        cppCallSpy.clear()
    }

    function cleanup() {
        for (let s of spies)
            s.target = null
        spies = []
    }

    function serverUrl() {
        return server.serverUrls[0].toString()
    }

    // Calls the QML server from a C++ DrsConnection; returns {replyAction, body, error}.
    function cppCall(action, body) {
        cppCallSpy.clear()
        drsTest.cppCall(serverUrl(), action, body)
        tryCompare(cppCallSpy, "count", 1, 10000)
        return cppCallSpy.signalArguments[0][0]
    }

    function initTestCase() {
        verify(server.listening)
        compare(server.errorString, "")
        compare(server.serverUrls.length, 1)
        verify(serverUrl().match(/^tcp:\/\/127\.0\.0\.1:[1-9][0-9]*$/), serverUrl())
    }

    function test_returnedValue() {
        let outcome = cppCall("greet", { name: "Ada" })
        compare(outcome.replyAction, "drs.response")
        compare(outcome.body, { hello: "Ada" })
        compare(outcome.error, "")
    }

    function test_returnedNull() {
        let outcome = cppCall("nothing", {})
        compare(outcome.replyAction, "drs.response")
        compare(outcome.body, null)
    }

    function test_throwingHandler() {
        // Reported like an uncaught error in a signal handler, and answered drs.exception.
        ignoreWarning(new RegExp("tst_server\\.qml:[0-9]+: Error: kaput"))
        let outcome = cppCall("explode", {})
        compare(outcome.replyAction, "drs.exception")
        compare(outcome.body, { message: "kaput" })
        // The app keeps running and serving.
        compare(cppCall("greet", { name: "again" }).body, { hello: "again" })
    }

    function test_requestError() {
        let outcome = cppCall("refuse", { why: "too short" })
        compare(outcome.replyAction, "drs.error")
        compare(outcome.body, { message: "bad input: too short" })
        compare(outcome.error, "bad input: too short")
    }

    function test_asyncAnswers() {
        let finished = cppCallSpy
        drsTest.cppCall(serverUrl(), "later", { n: 7 })
        drsTest.cppCall(serverUrl(), "later", { n: 8, fail: true })
        tryCompare(server.pending, "length", 2)
        compare(finished.count, 0, "no answer before the timer")
        tryCompare(finished, "count", 2)
        compare(server.pending.length, 0)
        let outcomes = [finished.signalArguments[0][0], finished.signalArguments[1][0]]
        outcomes.sort(function(a, b) { return a.replyAction < b.replyAction ? -1 : 1 })
        compare(outcomes[0].replyAction, "drs.exception")
        compare(outcomes[0].body, { message: "failed later" })
        compare(outcomes[1].replyAction, "drs.response")
        compare(outcomes[1].body, { late: 7 })
    }

    function test_unansweredRequestIsAnsweredWhenCollected() {
        let finished = cppCallSpy
        drsTest.cppCall(serverUrl(), "forget", {})
        tryVerify(function() { gc(); return finished.count === 1 }, 10000,
                  "the forgotten request was collected and answered")
        let outcome = finished.signalArguments[0][0]
        compare(outcome.replyAction, "drs.exception")
        verify(outcome.body.message.indexOf("without answering") >= 0, outcome.body.message)
    }

    function test_unsendableResult() {
        let outcome = cppCall("unsendable", {})
        compare(outcome.replyAction, "drs.exception")
        verify(outcome.body.message.indexOf("result.f is a function") >= 0, outcome.body.message)
    }

    function test_answerOnlyOnce() {
        server.secondAnswerError = ""
        let outcome = cppCall("twice", {})
        compare(outcome.replyAction, "drs.response")
        compare(outcome.body, "first")
        verify(server.secondAnswerError.indexOf("already answered") >= 0, server.secondAnswerError)
    }

    function test_chain() {
        server.chainRuns = 0
        let outcome = cppCall("chain", {})
        compare(outcome.body, "two", "the last handler's result is the reply")
        compare(server.chainRuns, 2)
    }

    function test_enabled() {
        compare(cppCall("toggled", {}).error, "No handlers for toggled")
        toggled.enabled = true
        compare(cppCall("toggled", {}).body, "on")
        toggled.action = "toggled.renamed"
        compare(cppCall("toggled", {}).replyAction, "drs.error")
        compare(cppCall("toggled.renamed", {}).body, "on")
        toggled.action = "toggled"
        toggled.enabled = false
        compare(cppCall("toggled", {}).replyAction, "drs.error")
    }

    function test_clients() {
        let connected = spy(server, "clientConnected")
        let disconnected = spy(server, "clientDisconnected")
        let commands = spy(server, "commandReceived")
        let connection = createTemporaryObject(clientComponent, testCase, { url: serverUrl() })
        tryCompare(connection, "state", DrsConnection.ConnectedState)
        tryCompare(connected, "count", 1)
        compare(server.clients.length, 1)
        let client = server.clients[0]
        verify(client === connected.signalArguments[0][0])
        verify(client.peerName.indexOf("127.0.0.1:") === 0, client.peerName)
        verify(client.connected)

        // The server calls its client, whose QML handler answers.
        let reply = client.call("client.ping", { n: 1 })
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.NoError)
        compare(reply.result, "pong 1")
        let result = null
        client.call("client.ping", { n: 2 }, function(r) { result = r })
        compare(result, null, "the callback never runs inside call()")
        tryVerify(function() { return result === "pong 2" })

        // One client, a fire and a broadcast; the client hears both.
        let received = spy(connection, "commandReceived")
        verify(client.fire("direct", { x: 1 }))
        compare(server.broadcast("news", { headline: "QML server to QML client" }), 1)
        tryCompare(received, "count", 2)
        compare(received.signalArguments[0][0].action, "direct")
        compare(received.signalArguments[1][0].action, "news")
        compare(received.signalArguments[1][0].body, { headline: "QML server to QML client" })

        // The client fires: the server tells who sent what.
        verify(connection.fire("hello.server", { from: "qml" }))
        tryVerify(function() {
            return commands.signalArguments.some(function(args) {
                return args[1].action === "hello.server"
            })
        })
        let args = commands.signalArguments.find(function(a) { return a[1].action === "hello.server" })
        verify(args[0] === client)
        compare(args[1].body, { from: "qml" })

        // A handler learns which client called.
        let who = connection.call("whoami")
        tryCompare(who, "pending", false)
        compare(who.result, client.peerName)

        connection.active = false
        tryCompare(disconnected, "count", 1)
        compare(server.clients.length, 0)
    }

    function test_version() {
        let outcome = cppCall("version", {})
        compare(outcome.body, "none")
        compare(outcome.version, null)

        cppCallSpy.clear()
        drsTest.cppCall(serverUrl(), "version", {}, 3)
        tryCompare(cppCallSpy, "count", 1)
        outcome = cppCallSpy.signalArguments[0][0]
        compare(outcome.body, 3, "the handler reads command.version")
        compare(outcome.version, 3, "the reply mirrors it")
    }

    function test_broadcastBadBody() {
        let error = null
        try { server.broadcast("news", { f: function() {} }) } catch (e) { error = e }
        verify(error instanceof TypeError, String(error))
        verify(error.message.indexOf("DrsServer.broadcast(\"news\"): body.f is a function") === 0,
               error.message)
    }

    function test_urlsAndActive() {
        let localName = "local:qtdrs-qml-test-" + Date.now()
        let other = createTemporaryObject(serverComponent, testCase,
                                          { urls: [Qt.url("tcp://127.0.0.1:0"), localName] })
        verify(other.listening)
        compare(other.serverUrls.length, 2)
        compare(other.serverUrls[1].toString(), localName)

        let connection = createTemporaryObject(clientComponent, testCase, { url: localName })
        tryCompare(connection, "state", DrsConnection.ConnectedState)
        tryCompare(other.clients, "length", 1)

        other.active = false
        verify(!other.listening)
        compare(other.serverUrls.length, 0)
        tryCompare(connection, "state", DrsConnection.UnconnectedState)
        tryCompare(other.clients, "length", 0)

        other.active = true
        verify(other.listening)
    }

    function test_listenFailure() {
        ignoreWarning(new RegExp("DrsServer cannot listen"))
        let other = createTemporaryObject(serverComponent, testCase, { urls: ["nope://nowhere"] })
        verify(!other.listening)
        verify(other.errorString.length > 0)
    }
}
