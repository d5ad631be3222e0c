// Command go-host is a go-plugin host built like Botkube's plugin manager
// (same handshake, gRPC only, plugins dispensed as "executor" or "source").
// chatkube's tests run it against TS plugins (and the Go test plugins) to
// prove a Go host can drive them.
//
// Every subcommand prints JSON on stdout. On error it prints "go-host: ..."
// on stderr and exits 1. Plugin and go-plugin logs go to stderr (level from
// GO_HOST_LOG_LEVEL, default warn).
//
//	go-host metadata <executor|source> <bin>
//	    The MetadataResponse as proto3 JSON with the .proto field names, all
//	    fields present (unset messages are null), e.g.
//	    {"version":"v0.1.0-go","description":"…","json_schema":{"value":"…","ref_url":""},
//	     "dependencies":{},"documentation_url":"","recommended":false}
//	    Sources also have "external_request":{"payload":{"json_schema":{…}}}.
//	go-host help <bin>
//	    The HelpResponse.help bytes as-is (a message JSON).
//	go-host exec <bin> [--config <yaml>]... -- <command words...>
//	    {"message":<message JSON as sent>,"messages":[<message JSON as sent>,…]}
//	    An empty message is printed as null. A gRPC error exits 1 with the
//	    error text on stderr.
//	go-host stream <bin> [--count N] [--config <yaml>]
//	    One event JSON per line, as sent. Stops after N events (default 1);
//	    --count 0 reads until the plugin ends the stream. A stream that ends
//	    before N events is an error.
//	go-host bench <bin> [-n N]
//	    1000 warm-up calls, then N sequential Execute("echo hi"):
//	    {"calls":N,"p50_us":…,"p99_us":…,"calls_per_s":…}
//	go-host bench-stream <bin> [-n N] [--config <yaml>]
//	    Reads N events from a source configured with "intervalMs: 0" (unless
//	    --config is given): {"events":N,"events_per_s":…}
//	go-host panic <bin>
//	    Execute("echo @panic"); expects an error: {"error":"…"}
//
// Like Botkube's host, every payload is checked to decode into the Go message
// model (api.Message, api.Event); a payload that does not is an error.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"chatkube/interop/api"
	"chatkube/interop/botkube"
	"chatkube/proto/executor"
	"chatkube/proto/source"

	"github.com/golang/protobuf/jsonpb"
	"github.com/golang/protobuf/proto"
	"github.com/golang/protobuf/ptypes/empty"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

const usage = `usage:
  go-host metadata <executor|source> <bin>
  go-host help <bin>
  go-host exec <bin> [--config <yaml>]... -- <command words...>
  go-host stream <bin> [--count N] [--config <yaml>]
  go-host bench <bin> [-n N]
  go-host bench-stream <bin> [-n N] [--config <yaml>]
  go-host panic <bin>`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "go-host:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return errors.New(usage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "metadata":
		if len(rest) != 2 {
			return errors.New(usage)
		}
		return metadata(rest[0], rest[1])
	case "help":
		return help(rest[0])
	case "exec":
		return execute(rest)
	case "stream":
		return streamEvents(rest)
	case "bench":
		return bench(rest)
	case "bench-stream":
		return benchStream(rest)
	case "panic":
		return panicPlugin(rest[0])
	}
	return fmt.Errorf("unknown subcommand %q\n%s", cmd, usage)
}

// connect starts the plugin at bin and dispenses kind ("executor" or
// "source"). The caller must Kill the returned client, also on error paths.
func connect(bin, kind string) (*plugin.Client, interface{}, error) {
	level := os.Getenv("GO_HOST_LOG_LEVEL")
	if level == "" {
		level = "warn"
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: botkube.Handshake,
		Plugins: map[string]plugin.Plugin{
			"executor": &botkube.ExecutorPlugin{},
			"source":   &botkube.SourcePlugin{},
		},
		Cmd:              exec.Command(bin),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name:   "go-host",
			Output: os.Stderr,
			Level:  hclog.LevelFromString(level),
		}),
	})
	rpc, err := client.Client()
	if err != nil {
		return client, nil, err
	}
	raw, err := rpc.Dispense(kind)
	return client, raw, err
}

func connectExecutor(bin string) (*plugin.Client, executor.ExecutorClient, error) {
	client, raw, err := connect(bin, "executor")
	if err != nil {
		return client, nil, err
	}
	return client, raw.(executor.ExecutorClient), nil
}

func connectSource(bin string) (*plugin.Client, source.SourceClient, error) {
	client, raw, err := connect(bin, "source")
	if err != nil {
		return client, nil, err
	}
	return client, raw.(source.SourceClient), nil
}

func metadata(kind, bin string) error {
	var (
		client *plugin.Client
		resp   proto.Message
		err    error
	)
	switch kind {
	case "executor":
		var ex executor.ExecutorClient
		client, ex, err = connectExecutor(bin)
		defer client.Kill()
		if err == nil {
			resp, err = ex.Metadata(context.Background(), &empty.Empty{})
		}
	case "source":
		var src source.SourceClient
		client, src, err = connectSource(bin)
		defer client.Kill()
		if err == nil {
			resp, err = src.Metadata(context.Background(), &empty.Empty{})
		}
	default:
		return fmt.Errorf("metadata: kind must be executor or source, not %q", kind)
	}
	if err != nil {
		return err
	}
	m := jsonpb.Marshaler{OrigName: true, EmitDefaults: true}
	out, err := m.MarshalToString(resp)
	if err != nil {
		return err
	}
	fmt.Println(out)
	return nil
}

func help(bin string) error {
	client, ex, err := connectExecutor(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	resp, err := ex.Help(context.Background(), &empty.Empty{})
	if err != nil {
		return err
	}
	if err := checkMessage(resp.Help); err != nil {
		return fmt.Errorf("help: %v", err)
	}
	_, err = os.Stdout.Write(resp.Help)
	return err
}

// request builds an ExecuteRequest the way Botkube's host does: context and
// context.incomingWebhook are always set, because Go plugins dereference them.
func request(command string, configs []string) *executor.ExecuteRequest {
	req := &executor.ExecuteRequest{
		Command: command,
		Context: &executor.ExecuteContext{
			IsInteractivitySupported: true,
			IncomingWebhook: &executor.IncomingWebhookContext{
				BaseSourceURL: "http://localhost:2115/sources/v1",
			},
			Message: &executor.MessageContext{
				Text: command,
				User: &executor.UserContext{Mention: "<@U0GOHOST>", DisplayName: "go-host"},
			},
		},
	}
	for _, c := range configs {
		req.Configs = append(req.Configs, &executor.Config{RawYAML: []byte(c)})
	}
	return req
}

func execute(args []string) error {
	bin := args[0]
	var configs, words []string
	for i := 1; i < len(args); i++ {
		switch {
		case args[i] == "--":
			words = args[i+1:]
			i = len(args)
		case args[i] == "--config" && i+1 < len(args):
			configs = append(configs, args[i+1])
			i++
		default:
			return fmt.Errorf("exec: unexpected argument %q (command words go after --)", args[i])
		}
	}
	if len(words) == 0 {
		return errors.New("exec: no command (put it after --)")
	}

	client, ex, err := connectExecutor(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	resp, err := ex.Execute(context.Background(), request(strings.Join(words, " "), configs))
	if err != nil {
		return err
	}

	// Written by hand so the plugin's bytes appear exactly as sent.
	var out bytes.Buffer
	out.WriteString(`{"message":`)
	if err := writeMessage(&out, resp.Message); err != nil {
		return fmt.Errorf("message: %v", err)
	}
	out.WriteString(`,"messages":[`)
	for i, m := range resp.Messages {
		if i > 0 {
			out.WriteByte(',')
		}
		if err := writeMessage(&out, m); err != nil {
			return fmt.Errorf("messages[%d]: %v", i, err)
		}
	}
	out.WriteString("]}\n")
	_, err = out.WriteTo(os.Stdout)
	return err
}

// writeMessage appends one message payload, or null for an empty one (which
// Botkube's host treats as an empty message).
func writeMessage(w *bytes.Buffer, msg []byte) error {
	if len(msg) == 0 {
		w.WriteString("null")
		return nil
	}
	if err := checkMessage(msg); err != nil {
		return err
	}
	w.Write(msg)
	return nil
}

// checkMessage fails unless msg is JSON that decodes into api.Message, as
// Botkube's host requires.
func checkMessage(msg []byte) error {
	return checkJSON(msg, &api.Message{}, "api.Message")
}

// checkEvent is checkMessage for source events.
func checkEvent(ev []byte) error {
	return checkJSON(ev, &api.Event{}, "api.Event")
}

func checkJSON(data []byte, into interface{}, what string) error {
	if !json.Valid(data) {
		return fmt.Errorf("not JSON: %q", data)
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("does not decode into a Go %s: %v", what, err)
	}
	return nil
}

// streamFlags parses [--count N | -n N] [--config yaml].
func streamFlags(args []string, count int) (int, []string, error) {
	var configs []string
	for i := 0; i < len(args); i++ {
		if i+1 >= len(args) {
			return 0, nil, fmt.Errorf("unexpected argument %q", args[i])
		}
		switch args[i] {
		case "--count", "-n":
			n, err := strconv.Atoi(args[i+1])
			if err != nil || n < 0 {
				return 0, nil, fmt.Errorf("%s: want a count, got %q", args[i], args[i+1])
			}
			count = n
		case "--config":
			configs = append(configs, args[i+1])
		default:
			return 0, nil, fmt.Errorf("unexpected argument %q", args[i])
		}
		i++
	}
	return count, configs, nil
}

// openStream starts Stream with the given configs and a full context (Go
// sources dereference it).
func openStream(ctx context.Context, src source.SourceClient, configs []string) (source.Source_StreamClient, error) {
	req := &source.StreamRequest{
		Context: &source.StreamContext{
			SourceContext: &source.SourceContext{
				IsInteractivitySupported: true,
				ClusterName:              "go-host",
				SourceName:               "interop",
				IncomingWebhook: &source.IncomingWebhookContext{
					BaseURL:          "http://localhost:2115",
					FullURLForSource: "http://localhost:2115/sources/v1/interop",
				},
			},
		},
	}
	for _, c := range configs {
		req.Configs = append(req.Configs, &source.Config{RawYAML: []byte(c)})
	}
	return src.Stream(ctx, req)
}

func streamEvents(args []string) error {
	bin := args[0]
	count, configs, err := streamFlags(args[1:], 1)
	if err != nil {
		return fmt.Errorf("stream: %v", err)
	}
	client, src, err := connectSource(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := openStream(ctx, src, configs)
	if err != nil {
		return err
	}
	for got := 0; count == 0 || got < count; got++ {
		resp, err := stream.Recv()
		if err == io.EOF && count == 0 {
			return nil
		}
		if err == io.EOF {
			return fmt.Errorf("stream ended after %d of %d events", got, count)
		}
		if err != nil {
			return err
		}
		if err := checkEvent(resp.Event); err != nil {
			return fmt.Errorf("event %d: %v", got+1, err)
		}
		os.Stdout.Write(append(resp.Event, '\n'))
	}
	return nil
}

func bench(args []string) error {
	// As many as chatkube's bench: a JIT-compiled plugin needs them to reach its steady state.
	const warmup = 1000
	bin := args[0]
	n, configs, err := streamFlags(args[1:], 1000)
	if err != nil || len(configs) > 0 || n == 0 {
		return fmt.Errorf("bench: want -n N (N > 0)")
	}
	client, ex, err := connectExecutor(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	req := request("echo hi", nil)
	ctx := context.Background()
	for i := 0; i < warmup; i++ {
		if _, err := ex.Execute(ctx, req); err != nil {
			return err
		}
	}
	lat := make([]time.Duration, n)
	start := time.Now()
	for i := range lat {
		t := time.Now()
		if _, err := ex.Execute(ctx, req); err != nil {
			return err
		}
		lat[i] = time.Since(t)
	}
	total := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return printJSON(struct {
		Calls     int     `json:"calls"`
		P50us     float64 `json:"p50_us"`
		P99us     float64 `json:"p99_us"`
		CallsPerS float64 `json:"calls_per_s"`
	}{n, percentile(lat, 50), percentile(lat, 99), round(float64(n) / total.Seconds())})
}

// percentile returns the p-th percentile (nearest rank) of sorted, in µs.
func percentile(sorted []time.Duration, p int) float64 {
	i := (len(sorted)*p+99)/100 - 1
	if i < 0 {
		i = 0
	}
	return round(float64(sorted[i]) / float64(time.Microsecond))
}

func round(f float64) float64 {
	return float64(int64(f*10+0.5)) / 10
}

func benchStream(args []string) error {
	bin := args[0]
	n, configs, err := streamFlags(args[1:], 10000)
	if err != nil || n == 0 {
		return fmt.Errorf("bench-stream: want -n N (N > 0) [--config yaml]")
	}
	if len(configs) == 0 {
		configs = []string{"intervalMs: 0"}
	}
	client, src, err := connectSource(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	stream, err := openStream(ctx, src, configs)
	if err != nil {
		return err
	}
	for got := 0; got < n; got++ {
		if _, err := stream.Recv(); err != nil {
			return fmt.Errorf("after %d events: %v", got, err)
		}
	}
	total := time.Since(start)
	return printJSON(struct {
		Events     int     `json:"events"`
		EventsPerS float64 `json:"events_per_s"`
	}{n, round(float64(n) / total.Seconds())})
}

func panicPlugin(bin string) error {
	client, ex, err := connectExecutor(bin)
	defer client.Kill()
	if err != nil {
		return err
	}
	_, err = ex.Execute(context.Background(), request("echo @panic", nil))
	if err == nil {
		return errors.New(`panic: Execute("echo @panic") succeeded, want an error`)
	}
	return printJSON(map[string]string{"error": err.Error()})
}

// printJSON prints v as JSON on one line.
func printJSON(v interface{}) error {
	out, err := json.Marshal(v)
	if err != nil {
		return err
	}
	fmt.Printf("%s\n", out)
	return nil
}
