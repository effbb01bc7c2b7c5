// peer.js: a DRS peer in Node for QtDrs's interoperability tests, written with what the original
// Node peer used: the `ws` package, one command per WebSocket text message, JSON.parse and
// JSON.stringify per message (so integers above 2^53 are rounded, as they were), and
// "ascending" keys (8 base-63 characters of milliseconds, 12 random ones redrawn each millisecond
// and incremented within one).
//
// Where it follows QtDrs's contract instead of the original (which answered a throw with
// drs.response, an unknown action with an empty drs.response and a keyless command under a new
// key): a thrown Error is drs.exception, a DrsError drs.error, an unknown action drs.error
// "No handlers for <action>", and a keyless command gets no reply. Replies carry no version.
//
// Usage:
//   node peer.js server            serves ws://127.0.0.1:<free port>/socket
//   node peer.js client --url ws://127.0.0.1:PORT/socket
//
// Both modes print JSON lines on stdout for the test: {"event":"listening","ws":...} (server),
// {"in":<command as received>} and {"out":<command as sent>} for every command on the wire,
// {"event":"done"} when the client's script succeeded, {"error":"..."} when it failed. Both stop
// when stdin closes, so a test that dies takes its peers with it (run by hand, give them a
// terminal or a pipe, not /dev/null).
'use strict';

const util = require('util');
const { WebSocket, WebSocketServer } = require('ws');

class DrsError extends Error {}

function report(line) {
    process.stdout.write(line + '\n');
}

function fatal(message) {
    report(JSON.stringify({ error: message }));
    process.stderr.write('peer.js: ' + message + '\n');
    process.exitCode = 1;
    process.stdout.write('', () => process.exit(1));
}

// ---- keys ----

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
let keyTime = 0;
let keyRandom = [];

function ascendingKey() {
    const now = Date.now();
    if (now !== keyTime) {
        keyTime = now;
        keyRandom = Array.from({ length: 12 }, () => Math.floor(Math.random() * ALPHABET.length));
    } else {
        for (let i = keyRandom.length - 1; i >= 0; i--) {
            if (++keyRandom[i] < ALPHABET.length)
                break;
            keyRandom[i] = 0;
        }
    }
    let time = '';
    for (let t = now, i = 0; i < 8; i++, t = Math.floor(t / ALPHABET.length))
        time = ALPHABET[t % ALPHABET.length] + time;
    return time + keyRandom.map((r) => ALPHABET[r]).join('');
}

// ---- one connection ----

const REPLIES = ['drs.response', 'drs.error', 'drs.exception'];

function commonHandlers() {
    return {
        echo: (cmd) => cmd.body,
        fail: () => {
            throw new DrsError('fail refuses every command');
        },
        throw: () => {
            throw new Error('throw always throws');
        },
    };
}

class Connection {
    constructor(socket, handlers) {
        this.socket = socket;
        this.handlers = handlers;
        this.pending = new Map();
        this.onFire = null;
        socket.on('message', (data) => this.receive(data.toString()));
    }

    send(cmd) {
        const text = JSON.stringify(cmd);
        report('{"out":' + text + '}');
        this.socket.send(text);
    }

    call(action, body, version, timeoutMs) {
        const request = { action, body, key: ascendingKey() };
        if (version !== undefined)
            request.version = version;
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.pending.delete(request.key);
                reject(new Error(`no reply to ${action} within ${timeoutMs} ms`));
            }, timeoutMs);
            this.pending.set(request.key, (reply) => {
                clearTimeout(timer);
                resolve({ request, reply });
            });
            this.send(request);
        });
    }

    receive(text) {
        report('{"in":' + text.trim() + '}');
        let cmd;
        try {
            cmd = JSON.parse(text);
        } catch (e) {
            process.stderr.write('peer.js: a bad message: ' + e.message + '\n');
            return;
        }
        if (REPLIES.includes(cmd.action)) {
            const resolve = this.pending.get(cmd.key);
            this.pending.delete(cmd.key);
            if (resolve)
                resolve(cmd);
            return;
        }
        const [action, body] = this.run(cmd);
        if (cmd.key !== undefined)
            this.send({ action, body, key: cmd.key });
        else if (this.onFire)
            this.onFire(cmd);
    }

    run(cmd) {
        const handler = this.handlers[cmd.action];
        if (!handler)
            return ['drs.error', { message: 'No handlers for ' + cmd.action }];
        try {
            return ['drs.response', handler(cmd)];
        } catch (e) {
            return [e instanceof DrsError ? 'drs.error' : 'drs.exception', { message: e.message }];
        }
    }
}

// ---- server mode ----

function runServer() {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/socket' });
    const clients = new Set();
    wss.on('listening', () => {
        const { address, port } = wss.address();
        report(JSON.stringify({ event: 'listening', ws: `ws://${address}:${port}/socket` }));
    });
    wss.on('connection', (socket) => {
        const handlers = commonHandlers();
        // broadcast {"action": A, "body": B} sends A with B, keyless, to every client.
        handlers.broadcast = (cmd) => {
            const args = cmd.body || {};
            if (typeof args.action !== 'string' || args.action === '')
                throw new DrsError('broadcast needs {"action": string, "body": any}');
            for (const client of clients)
                client.send({ action: args.action, body: args.body });
            return { sent: clients.size };
        };
        const connection = new Connection(socket, handlers);
        clients.add(connection);
        socket.on('close', () => clients.delete(connection));
    });
    wss.on('error', (e) => fatal(e.message));
}

// ---- client mode ----

// The scripted exchange with a QtDrs server that serves echo, fail, throw and interop.ready.
function runClient(url) {
    const TIMEOUT = 10000;
    const socket = new WebSocket(url);
    const connection = new Connection(socket, commonHandlers());
    let sawNews = false;
    connection.onFire = (cmd) => {
        if (cmd.action === 'interop.news') {
            sawNews = true;
        } else if (cmd.action === 'interop.bye') {
            if (!sawNews)
                return fatal('interop.bye came before the interop.news broadcast');
            socket.close();
            report(JSON.stringify({ event: 'done' }));
            process.exit(0);
        }
    };
    socket.on('error', (e) => fatal(e.message));
    socket.on('close', () => fatal('the server closed the connection early'));

    const check = async (action, body, version, wantAction) => {
        const { request, reply } = await connection.call(action, body, version, TIMEOUT);
        if (reply.action !== wantAction || reply.key !== request.key)
            throw new Error(`${action}: got ${reply.action} under key ${reply.key}, ` +
                            `want ${wantAction} under key ${request.key}`);
        if (reply.version !== version)
            throw new Error(`${action}: reply version ${reply.version}, want ${version}`);
        if (wantAction !== 'drs.response' && typeof (reply.body || {}).message !== 'string')
            throw new Error(`${action}: ${reply.action} without a message`);
        return reply;
    };

    socket.on('open', async () => {
        report(JSON.stringify({ event: 'connected' }));
        try {
            connection.send({ action: 'interop.fire', body: { from: 'node', n: 1 } });
            // Integers stay within 2^53: JSON.parse would round larger ones.
            const sample = {
                big: 9007199254740991, max: 9007199254740991, min: -9007199254740991, real: 2.5,
                text: 'héllo ✓ 日本 🎉 <tag> & "q" \\ \n',
                list: [1, true, null, 'x', { deep: [-1] }], empty: {},
            };
            const echo = await check('echo', sample, 1, 'drs.response');
            if (!util.isDeepStrictEqual(echo.body, sample))
                throw new Error('echo: got ' + JSON.stringify(echo.body));
            await check('fail', {}, undefined, 'drs.error');
            await check('throw', {}, undefined, 'drs.exception');
            const missing = await check('interop.missing', undefined, undefined, 'drs.error');
            if (missing.body.message !== 'No handlers for interop.missing')
                throw new Error('interop.missing: message ' + missing.body.message);
            await check('interop.ready', { peer: 'node' }, undefined, 'drs.response');
            // Now the server broadcasts, calls our handlers, and says goodbye with a fire.
            setTimeout(() => fatal(`no interop.news broadcast and interop.bye fire within ${TIMEOUT} ms`),
                       TIMEOUT);
        } catch (e) {
            fatal(e.message);
        }
    });
}

// ---- main ----

function main() {
    const [mode, ...rest] = process.argv.slice(2);
    // A test that dies closes our stdin: go with it.
    process.stdin.on('end', () => process.exit(3));
    process.stdin.resume();
    if (mode === 'server') {
        runServer();
    } else if (mode === 'client' && rest[0] === '--url' && rest[1]) {
        runClient(rest[1]);
    } else {
        fatal('usage: node peer.js server | client --url ws://host:port/socket');
    }
}

main();
