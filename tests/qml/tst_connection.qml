// DrsConnection in QML against the real C++ DrsServer of the runner (drsTest, tst_qmldrs.cpp).
import QtQuick
import QtTest
import QtDrs

TestCase {
    id: testCase
    name: "DrsConnection"

    Component {
        id: connectionComponent
        DrsConnection {
            url: drsTest.serverUrl
            active: true
            // The C++ server calls this client (drsTest.callClient): QML answers C++.
            DrsHandler {
                action: "client.add"
                handle: function(command) { return command.body.a + command.body.b }
            }
        }
    }

    Component {
        id: spyComponent
        SignalSpy {}
    }

    function connect(properties) {
        let connection = createTemporaryObject(connectionComponent, testCase, properties || {})
        verify(connection)
        tryCompare(connection, "state", DrsConnection.ConnectedState)
        return connection
    }

    // A spy for this test only: cleanup() detaches it, so a target that outlives the test (a
    // reply, drsTest) never signals a destroyed spy.
    property var spies: []
    function spy(target, signalName) {
        let s = createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
        spies.push(s)
        return s
    }

    function init() {
        tryCompare(drsTest, "clientCount", 0) // the previous test's connection is gone
    }

    function cleanup() {
        for (let s of spies)
            s.target = null
        spies = []
        drsTest.releaseHeld()
        if (!drsTest.listening)
            verify(drsTest.startServer())
    }

    function test_activeOpensAndCloses() {
        let connection = createTemporaryObject(connectionComponent, testCase,
                                               { active: false })
        let states = spy(connection, "stateChanged")
        compare(connection.state, DrsConnection.UnconnectedState)
        compare(connection.connected, false)
        compare(connection.url.toString(), drsTest.serverUrl)

        connection.active = true
        compare(connection.state, DrsConnection.ConnectingState)
        tryCompare(connection, "state", DrsConnection.ConnectedState)
        verify(connection.connected)
        compare(connection.error, DrsConnection.NoError)
        tryCompare(drsTest, "clientCount", 1)
        compare(states.count, 2)

        connection.active = false
        compare(connection.state, DrsConnection.UnconnectedState)
        tryCompare(drsTest, "clientCount", 0)
    }

    function test_notActiveUntilUrlSet() {
        let connection = createTemporaryObject(connectionComponent, testCase, { url: "" })
        compare(connection.active, true)
        compare(connection.state, DrsConnection.UnconnectedState)
        verify(!connection.fire("note", {}))
        connection.url = drsTest.serverUrl
        tryCompare(connection, "state", DrsConnection.ConnectedState)
    }

    function test_refused() {
        let connection = createTemporaryObject(connectionComponent, testCase,
                                               { url: "tcp://127.0.0.1:1" })
        let errors = spy(connection, "errorChanged")
        tryCompare(connection, "error", DrsConnection.ConnectionRefusedError)
        verify(connection.errorString.length > 0)
        compare(connection.state, DrsConnection.UnconnectedState)
        verify(errors.count > 0)
    }

    function test_fire() {
        let connection = connect()
        let before = drsTest.receivedCount
        verify(connection.fire("note", { text: "hi", n: 3, list: [1, true, null] }))
        tryCompare(drsTest, "receivedCount", before + 1)
        compare(drsTest.lastCommand.action, "note")
        compare(drsTest.lastCommand.body, { text: "hi", n: 3, list: [1, true, null] })
        verify(!("key" in drsTest.lastCommand), "a fire carries no key")

        verify(connection.fire("note.empty"))
        tryCompare(drsTest, "receivedCount", before + 2)
        compare(drsTest.lastCommand.body, {}, "an omitted body is {}")
    }

    function test_callResult() {
        let connection = connect()
        let body = { text: "hello", number: 42, real: 1.5, list: [1, "x", null],
                     nested: { yes: true } }
        let reply = connection.call("echo", body)
        verify(reply)
        compare(reply.pending, true)
        compare(reply.action, "echo")
        compare(reply.key.length, 20)
        let finished = spy(reply, "finished")
        tryCompare(finished, "count", 1)
        compare(reply.pending, false)
        compare(reply.error, DrsReply.NoError)
        compare(reply.errorString, "")
        compare(reply.result, body)
        compare(drsTest.lastCommand.key, reply.key)
    }

    function test_callCallback() {
        let connection = connect()
        let calls = []
        let reply = connection.call("echo", "plain text", function(result, error, r) {
            calls.push({ result: result, error: error, reply: r })
        })
        tryCompare(calls, "length", 1)
        compare(calls[0].result, "plain text")
        compare(calls[0].error, null)
        verify(calls[0].reply === reply)

        // call(action, body, timeoutMs, callback)
        connection.call("echo", null, 5000, function(result, error) {
            calls.push({ result: result, error: error })
        })
        tryCompare(calls, "length", 2)
        compare(calls[1].result, null)
        compare(calls[1].error, null)
    }

    function test_remoteError() {
        let connection = connect()
        let reply = connection.call("fail", { message: "not today" })
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.RemoteError)
        compare(reply.errorString, "not today")
        compare(reply.errorBody, { message: "not today" })
        compare(reply.result, null)

        let outcome = null
        connection.call("no.such.action", {}, function(result, error) { outcome = error })
        tryVerify(function() { return outcome !== null })
        compare(outcome.code, DrsReply.RemoteError)
        compare(outcome.message, "No handlers for no.such.action")
        compare(outcome.body.message, "No handlers for no.such.action")
    }

    function test_remoteException() {
        let connection = connect()
        let outcome = null
        let reply = connection.call("crash", {}, function(result, error) { outcome = error })
        tryVerify(function() { return outcome !== null })
        compare(outcome.code, DrsReply.RemoteException)
        compare(outcome.message, "the C++ handler crashed")
        compare(reply.error, DrsReply.RemoteException)
    }

    function test_timeout() {
        let connection = connect()
        // The server holds "hold" forever; the default timeout (30 s) would outlast tryCompare.
        let reply = connection.call("hold", {}, 150)
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.Timeout)
        verify(reply.errorString.length > 0)

        let outcome = null
        connection.call("hold", {}, 150, function(result, error) { outcome = error })
        tryVerify(function() { return outcome !== null })
        compare(outcome.code, DrsReply.Timeout)

        connection.callTimeout = 100
        compare(connection.callTimeout, 100)
        reply = connection.call("hold")
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.Timeout)
        compare(drsTest.heldCount, 3)
    }

    function test_abort() {
        let connection = connect()
        let reply = connection.call("hold", {}, 0)
        tryCompare(drsTest, "heldCount", 1)
        reply.abort()
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.Aborted)
    }

    function test_commandReceived() {
        let connection = connect()
        let received = spy(connection, "commandReceived")
        tryCompare(drsTest, "clientCount", 1)
        compare(drsTest.broadcast("news", { headline: "QML hears C++" }), 1)
        tryCompare(received, "count", 1)
        let command = received.signalArguments[0][0]
        compare(command.action, "news")
        compare(command.body, { headline: "QML hears C++" })
        compare(command.key, "")
        verify(!("version" in command))
    }

    function test_cborEncoding() {
        let connection = connect({ encoding: DrsConnection.CborEncoding })
        compare(connection.encoding, DrsConnection.CborEncoding)
        let reply = connection.call("echo", { big: 9007199254740991, list: [1, 2] })
        tryCompare(reply, "pending", false)
        compare(reply.result, { big: 9007199254740991, list: [1, 2] })
        compare(drsTest.lastEncoding, "cbor")
    }

    function test_qmlHandlerAnswersCpp() {
        let connection = connect()
        tryCompare(drsTest, "clientCount", 1)
        let finished = spy(drsTest, "cppCallFinished")
        verify(drsTest.callClient("client.add", { a: 2, b: 3 }))
        tryCompare(finished, "count", 1)
        let outcome = finished.signalArguments[0][0]
        compare(outcome.replyAction, "drs.response")
        compare(outcome.body, 5)
        compare(outcome.error, "")
    }

    function test_reconnect() {
        let connection = connect({ autoReconnect: true })
        verify(connection.autoReconnect)
        drsTest.stopServer()
        tryCompare(connection, "state", DrsConnection.ReconnectingState)
        // Calls made meanwhile wait for the connection to come back.
        let reply = connection.call("echo", "after the restart")
        verify(drsTest.startServer())
        tryCompare(connection, "state", DrsConnection.ConnectedState, 10000)
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.NoError)
        compare(reply.result, "after the restart")
    }

    function test_noReconnectWithoutAutoReconnect() {
        let connection = connect()
        let reply = connection.call("hold", {}, 0)
        tryCompare(drsTest, "heldCount", 1)
        drsTest.stopServer()
        tryCompare(connection, "state", DrsConnection.UnconnectedState)
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.ConnectionClosed)
        compare(connection.active, true)
    }

    // Bad input: what JSON cannot hold is a TypeError where the call is made, and nothing is sent.
    function test_badBody_data() {
        let cyclic = { name: "loop" }
        cyclic.self = cyclic
        let cyclicArray = [1]
        cyclicArray.push(cyclicArray)
        let deep = {}
        let level = deep
        for (let i = 0; i < 100; ++i) {
            level.next = {}
            level = level.next
        }
        return [
            { tag: "function", body: function() {}, message: "body is a function" },
            { tag: "nested function", body: { list: [1, { f: function() {} }] },
              message: "body.list[1].f is a function" },
            { tag: "cyclic object", body: cyclic, message: "body.self refers back to body" },
            { tag: "cyclic array", body: cyclicArray, message: "body[1] refers back to body" },
            { tag: "too deep", body: deep, message: "nested more than 64 levels" },
            { tag: "QObject", body: { who: testCase }, message: "body.who is a QObject" },
        ]
    }

    function test_badBody(data) {
        let connection = connect()
        let before = drsTest.receivedCount
        for (let method of ["call", "fire"]) {
            let error = null
            try {
                connection[method]("echo", data.body)
            } catch (e) {
                error = e
            }
            verify(error !== null, method + " threw")
            verify(error instanceof TypeError, String(error))
            verify(error.message.indexOf(data.message) >= 0, error.message)
            verify(error.message.indexOf("DrsConnection." + method + "(\"echo\")") === 0,
                   error.message)
        }
        // A good call after the bad ones is the next command the server sees.
        let reply = connection.call("echo", "fine")
        tryCompare(reply, "pending", false)
        compare(drsTest.receivedCount, before + 1)
        compare(drsTest.lastCommand.body, "fine")
    }

    function test_sharedValuesAreNotCycles() {
        let connection = connect()
        let shared = { x: 1 }
        let reply = connection.call("echo", { a: shared, b: [shared, shared], c: undefined,
                                              d: [undefined], when: new Date(Date.UTC(2024, 0, 2)) })
        tryCompare(reply, "pending", false)
        compare(reply.error, DrsReply.NoError)
        compare(reply.result, { a: { x: 1 }, b: [{ x: 1 }, { x: 1 }], d: [null],
                                when: "2024-01-02T00:00:00.000Z" })
    }

    function test_badArguments() {
        let connection = connect()
        let error = null
        try { connection.call("echo", {}, "soon") } catch (e) { error = e }
        verify(error instanceof TypeError, String(error))
        error = null
        try { connection.call("echo", {}, 100, "not a function") } catch (e) { error = e }
        verify(error instanceof TypeError, String(error))
        error = null
        try { connection.call("echo", {}, -5) } catch (e) { error = e }
        verify(error instanceof RangeError, String(error))
        error = null
        try { connection.call("echo", {}, function() {}, function() {}) } catch (e) { error = e }
        verify(error instanceof TypeError, String(error))
    }

    function test_throwingCallbackKeepsGoing() {
        let connection = connect()
        ignoreWarning(new RegExp("callback exploded"))
        let reply = connection.call("echo", 1, function() { throw new Error("callback exploded") })
        tryCompare(reply, "pending", false)
        // The connection still works.
        let next = connection.call("echo", 2)
        tryCompare(next, "pending", false)
        compare(next.result, 2)
    }
}
