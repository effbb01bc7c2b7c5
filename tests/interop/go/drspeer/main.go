// drspeer: a DRS peer in Go for QtDrs's interoperability tests, written the way the original Go
// DRS peer was, with the same libraries:
//
//   - a command is a struct {action, body, key, version}; body is an interface{} left out when
//     nil, version is never put on a reply nor sent as 0;
//   - a connection is one byte stream read by encoding/json's Decoder (UseNumber, so 64-bit
//     integers stay exact) and written by an Encoder: compact JSON and "\n", one command per line;
//   - WebSocket through golang.org/x/net/websocket, served at /socket by websocket.Server (which,
//     unlike websocket.Handler, does not refuse a handshake without an Origin); the socket is read
//     and written as a stream too, so each Encode is one text message ending in "\n"; the client
//     dials with an Origin, which websocket.Dial requires;
//   - keys are "ascending" ids: 8 base-63 characters of milliseconds, then 12 random characters
//     drawn once per process and incremented;
//   - a handler's *DrsError becomes drs.error, a panic drs.exception, a missing handler drs.error
//     "No handlers for <action>".
//
// Where it follows QtDrs's contract instead of the original: a keyless command gets no reply.
//
// Usage:
//
//	drspeer server --tcp 127.0.0.1:0 --ws 127.0.0.1:0
//	drspeer client --url tcp://127.0.0.1:PORT | ws://127.0.0.1:PORT/socket
//
// Both modes print JSON lines on stdout for the test: {"event":"listening",...} (server),
// {"in":<command as received>} and {"out":<command as sent>} for every command on the wire,
// {"event":"done"} when the client's script succeeded, {"error":"..."} when it failed. Both stop
// when stdin closes, so a test that dies takes its peers with it (run by hand, give them a
// terminal or a pipe, not /dev/null).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"sync"
	"time"

	"golang.org/x/net/websocket"
)

// Command is one DRS command, as the original Go peer declared it.
type Command struct {
	Action  string      `json:"action"`
	Body    interface{} `json:"body,omitempty"`
	Key     string      `json:"key,omitempty"`
	Version int64       `json:"version,omitempty"`
}

// DrsError is the failure a handler returns on purpose: the caller gets drs.error.
type DrsError struct{ Message string }

func (e *DrsError) Error() string { return e.Message }

type handler func(c *conn, cmd Command) (interface{}, error)

// ---- output for the test ----

var stdoutMu sync.Mutex

func report(v interface{}) {
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	line, err := json.Marshal(v)
	if err != nil {
		line, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	os.Stdout.Write(append(line, '\n'))
}

func fatalf(format string, args ...interface{}) {
	message := fmt.Sprintf(format, args...)
	report(map[string]string{"error": message})
	fmt.Fprintln(os.Stderr, "drspeer:", message)
	os.Exit(1)
}

// ---- keys ----

const keyAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

var (
	keyMu       sync.Mutex
	keyLastTime int64
	keyRandom   [12]int
)

func init() {
	rand.Seed(time.Now().UnixNano())
	for i := range keyRandom {
		keyRandom[i] = rand.Intn(len(keyAlphabet))
	}
}

func ascendingKey() string {
	keyMu.Lock()
	defer keyMu.Unlock()
	now := time.Now().UnixNano() / int64(time.Millisecond)
	if now == keyLastTime {
		for i := len(keyRandom) - 1; i >= 0; i-- {
			keyRandom[i]++
			if keyRandom[i] < len(keyAlphabet) {
				break
			}
			keyRandom[i] = 0
		}
	}
	keyLastTime = now
	var key [20]byte
	for i := 7; i >= 0; i-- {
		key[i] = keyAlphabet[now%int64(len(keyAlphabet))]
		now /= int64(len(keyAlphabet))
	}
	for i, r := range keyRandom {
		key[8+i] = keyAlphabet[r]
	}
	return string(key[:])
}

// ---- one connection ----

type conn struct {
	rw       io.ReadWriteCloser
	handlers map[string]handler
	onFire   func(cmd Command) // keyless non-reply commands, after they are handled

	writeMu sync.Mutex
	enc     *json.Encoder

	pendingMu sync.Mutex
	pending   map[string]chan Command
}

func newConn(rw io.ReadWriteCloser, handlers map[string]handler) *conn {
	return &conn{rw: rw, handlers: handlers, enc: json.NewEncoder(rw),
		pending: map[string]chan Command{}}
}

func (c *conn) send(cmd Command) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if line, err := json.Marshal(cmd); err == nil {
		report(map[string]json.RawMessage{"out": line})
	}
	return c.enc.Encode(cmd)
}

// call sends action under a new key and waits for its reply.
func (c *conn) call(action string, body interface{}, version int64, timeout time.Duration) (Command, Command, error) {
	request := Command{Action: action, Body: body, Key: ascendingKey(), Version: version}
	replies := make(chan Command, 1)
	c.pendingMu.Lock()
	c.pending[request.Key] = replies
	c.pendingMu.Unlock()
	if err := c.send(request); err != nil {
		return request, Command{}, err
	}
	select {
	case reply := <-replies:
		return request, reply, nil
	case <-time.After(timeout):
		return request, Command{}, fmt.Errorf("no reply to %s within %v", action, timeout)
	}
}

// serve reads commands until the stream ends: replies go to their callers, the rest to handlers.
func (c *conn) serve() error {
	dec := json.NewDecoder(c.rw)
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		report(map[string]json.RawMessage{"in": raw})
		var cmd Command
		fields := json.NewDecoder(bytes.NewReader(raw))
		fields.UseNumber()
		if err := fields.Decode(&cmd); err != nil {
			return err // the original closed the connection on any wrongly typed field
		}
		c.dispatch(cmd)
	}
}

func (c *conn) dispatch(cmd Command) {
	switch cmd.Action {
	case "drs.response", "drs.error", "drs.exception":
		c.pendingMu.Lock()
		replies, ok := c.pending[cmd.Key]
		delete(c.pending, cmd.Key)
		c.pendingMu.Unlock()
		if ok {
			replies <- cmd
		}
		return
	}
	action, body := c.run(cmd)
	if cmd.Key != "" {
		c.send(Command{Action: action, Body: body, Key: cmd.Key})
	} else if c.onFire != nil {
		c.onFire(cmd)
	}
}

func (c *conn) run(cmd Command) (action string, body interface{}) {
	h, ok := c.handlers[cmd.Action]
	if !ok {
		return "drs.error", map[string]string{"message": "No handlers for " + cmd.Action}
	}
	defer func() {
		if r := recover(); r != nil {
			action, body = "drs.exception", map[string]string{"message": fmt.Sprint(r)}
		}
	}()
	result, err := h(c, cmd)
	var drsErr *DrsError
	switch {
	case err == nil:
		return "drs.response", result
	case errors.As(err, &drsErr):
		return "drs.error", map[string]string{"message": drsErr.Message}
	default:
		return "drs.exception", map[string]string{"message": err.Error()}
	}
}

// The handlers both modes serve.
func commonHandlers() map[string]handler {
	return map[string]handler{
		"echo": func(c *conn, cmd Command) (interface{}, error) { return cmd.Body, nil },
		"fail": func(c *conn, cmd Command) (interface{}, error) {
			return nil, &DrsError{"fail refuses every command"}
		},
		"throw": func(c *conn, cmd Command) (interface{}, error) {
			panic("throw always panics")
		},
	}
}

// ---- server mode ----

type server struct {
	mu      sync.Mutex
	clients map[*conn]bool
}

func (s *server) serve(rw io.ReadWriteCloser) {
	handlers := commonHandlers()
	// broadcast {"action": A, "body": B} sends A with B, keyless, to every client.
	handlers["broadcast"] = func(c *conn, cmd Command) (interface{}, error) {
		args, ok := cmd.Body.(map[string]interface{})
		action, _ := args["action"].(string)
		if !ok || action == "" {
			return nil, &DrsError{"broadcast needs {\"action\": string, \"body\": any}"}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for client := range s.clients {
			client.send(Command{Action: action, Body: args["body"]})
		}
		return map[string]interface{}{"sent": len(s.clients)}, nil
	}
	c := newConn(rw, handlers)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	if err := c.serve(); err != nil {
		fmt.Fprintln(os.Stderr, "drspeer: closing a connection:", err)
	}
	s.mu.Lock()
	delete(s.clients, c)
	s.mu.Unlock()
	rw.Close()
}

func runServer(tcpAddr, wsAddr string) {
	s := &server{clients: map[*conn]bool{}}
	tcpListener, err := net.Listen("tcp", tcpAddr)
	if err != nil {
		fatalf("%v", err)
	}
	wsListener, err := net.Listen("tcp", wsAddr)
	if err != nil {
		fatalf("%v", err)
	}
	go func() {
		for {
			socket, err := tcpListener.Accept()
			if err != nil {
				fatalf("%v", err)
			}
			go s.serve(socket)
		}
	}()
	mux := http.NewServeMux()
	mux.Handle("/socket", websocket.Server{Handler: func(ws *websocket.Conn) { s.serve(ws) }})
	go func() { fatalf("%v", http.Serve(wsListener, mux)) }()
	report(map[string]string{"event": "listening",
		"tcp": "tcp://" + tcpListener.Addr().String(),
		"ws":  "ws://" + wsListener.Addr().String() + "/socket"})
	select {}
}

// ---- client mode ----

// The scripted exchange with a QtDrs server that serves echo, fail, throw and interop.ready.
func runClient(rawURL string) {
	target, err := url.Parse(rawURL)
	if err != nil {
		fatalf("%v", err)
	}
	var rw io.ReadWriteCloser
	switch target.Scheme {
	case "tcp":
		rw, err = net.Dial("tcp", target.Host)
	case "ws":
		rw, err = websocket.Dial(rawURL, "", "http://"+target.Hostname()+"/")
	default:
		err = fmt.Errorf("unsupported URL %s", rawURL)
	}
	if err != nil {
		fatalf("%v", err)
	}
	fires := make(chan Command, 16)
	c := newConn(rw, commonHandlers())
	c.onFire = func(cmd Command) { fires <- cmd }
	closed := make(chan error, 1)
	go func() { closed <- c.serve() }()
	report(map[string]string{"event": "connected"})

	const timeout = 10 * time.Second
	check := func(action string, body interface{}, version int64, wantAction string) Command {
		request, reply, err := c.call(action, body, version, timeout)
		if err != nil {
			fatalf("%s: %v", action, err)
		}
		if reply.Action != wantAction || reply.Key != request.Key {
			fatalf("%s: got %s under key %q, want %s under key %q", action, reply.Action,
				reply.Key, wantAction, request.Key)
		}
		if reply.Version != version {
			fatalf("%s: reply version %d, want %d", action, reply.Version, version)
		}
		return reply
	}
	message := func(reply Command) string {
		m, _ := reply.Body.(map[string]interface{})
		s, ok := m["message"].(string)
		if !ok || s == "" {
			fatalf("%s without a message: %v", reply.Action, reply.Body)
		}
		return s
	}

	if err := c.send(Command{Action: "interop.fire", Body: map[string]interface{}{"from": "go", "n": 1}}); err != nil {
		fatalf("fire: %v", err)
	}
	// Decoded the way the echo will be, so DeepEqual compares json.Number text exactly.
	sample := decodeNumbers(`{"big": 9007199254740993, "max": 9223372036854775807,` +
		` "min": -9223372036854775808, "real": 2.5, "text": "héllo ✓ 日本 🎉 <tag> & \"q\" \\ \n",` +
		` "list": [1, true, null, "x", {"deep": [ -1 ]}], "empty": {}}`)
	echo := check("echo", sample, 1, "drs.response")
	if !reflect.DeepEqual(echo.Body, sample) {
		fatalf("echo: got %v, want %v", echo.Body, sample)
	}
	message(check("fail", map[string]interface{}{}, 0, "drs.error"))
	message(check("throw", map[string]interface{}{}, 0, "drs.exception"))
	if got := message(check("interop.missing", nil, 0, "drs.error")); got != "No handlers for interop.missing" {
		fatalf("interop.missing: message %q", got)
	}
	check("interop.ready", map[string]interface{}{"peer": "go"}, 0, "drs.response")

	// Now the server broadcasts, calls our handlers, and says goodbye with a fire.
	sawNews := false
	deadline := time.After(timeout)
	for {
		select {
		case cmd := <-fires:
			switch cmd.Action {
			case "interop.news":
				sawNews = true
			case "interop.bye":
				if !sawNews {
					fatalf("interop.bye came before the interop.news broadcast")
				}
				rw.Close()
				report(map[string]string{"event": "done"})
				os.Exit(0)
			}
		case err := <-closed:
			fatalf("the server closed the connection early: %v", err)
		case <-deadline:
			fatalf("no interop.news broadcast and interop.bye fire within %v", timeout)
		}
	}
}

func decodeNumbers(text string) interface{} {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v interface{}
	if err := dec.Decode(&v); err != nil {
		fatalf("sample: %v", err)
	}
	return v
}

func main() {
	if len(os.Args) < 2 {
		fatalf("usage: drspeer server --tcp ADDR --ws ADDR | client --url URL")
	}
	// A test that dies closes our stdin: go with it.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(3)
	}()
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	switch os.Args[1] {
	case "server":
		tcpAddr := flags.String("tcp", "127.0.0.1:0", "TCP address to serve")
		wsAddr := flags.String("ws", "127.0.0.1:0", "address to serve WebSocket on, at /socket")
		flags.Parse(os.Args[2:])
		runServer(*tcpAddr, *wsAddr)
	case "client":
		target := flags.String("url", "", "tcp://host:port or ws://host:port/socket")
		flags.Parse(os.Args[2:])
		runClient(*target)
	default:
		fatalf("unknown mode %q", os.Args[1])
	}
}
