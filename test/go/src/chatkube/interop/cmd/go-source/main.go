// Command go-source is a go-plugin source for chatkube's interop tests.
//
// Config (YAML, later documents win):
//
//	intervalMs: 50   # pause before each event; 0 sends as fast as gRPC allows
//	count: 0         # end the stream cleanly after this many events; 0 = endless
//
// Event n (0, 1, 2, ...) is
//
//	{"Message":{"baseBody":{"plaintext":"event n"},"timestamp":"0001-01-01T00:00:00Z"},
//	 "RawObject":{"n":n},"AnalyticsLabels":null}
//
// HandleExternalRequest answers with an event whose plaintext is the payload
// and whose RawObject is the payload decoded as JSON (null if it is not JSON).
// Like Botkube's plugin-side adapter it reads req.Context without a nil
// check, so a host that leaves it unset makes this plugin panic.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"chatkube/interop/api"
	"chatkube/interop/botkube"
	"chatkube/proto/source"

	"github.com/golang/protobuf/ptypes/empty"
	plugin "github.com/hashicorp/go-plugin"
)

const (
	defaultIntervalMs = 50
	configSchema      = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "go-source",
  "type": "object",
  "properties": {
    "intervalMs": {"type": "integer", "minimum": 0, "default": 50},
    "count": {"type": "integer", "minimum": 0, "default": 0}
  }
}`
	payloadSchema = `{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}`
)

type config struct {
	IntervalMs *int `yaml:"intervalMs"`
	Count      int  `yaml:"count"`
}

type ticker struct{}

func (ticker) Stream(req *source.StreamRequest, stream source.Source_StreamServer) error {
	// Deliberately unchecked, like Botkube: a nil Context panics.
	_ = req.Context.SourceContext

	var raws [][]byte
	for _, c := range req.Configs {
		raws = append(raws, c.RawYAML)
	}
	var cfg config
	if err := botkube.MergeConfigs(raws, &cfg); err != nil {
		return err
	}
	interval := time.Duration(defaultIntervalMs) * time.Millisecond
	if cfg.IntervalMs != nil {
		interval = time.Duration(*cfg.IntervalMs) * time.Millisecond
	}

	ctx := stream.Context()
	for n := 0; cfg.Count == 0 || n < cfg.Count; n++ {
		if interval > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(interval):
			}
		} else if ctx.Err() != nil {
			return nil
		}
		ev, err := json.Marshal(api.Event{
			Message:   api.NewPlaintextMessage(fmt.Sprintf("event %d", n), false),
			RawObject: map[string]int{"n": n},
		})
		if err != nil {
			return err
		}
		if err := stream.Send(&source.StreamResponse{Event: ev}); err != nil {
			return err
		}
	}
	// Returning nil ends the RPC with OK: the host sees a clean end of stream.
	return nil
}

func (ticker) HandleExternalRequest(_ context.Context, req *source.ExternalRequest) (*source.ExternalRequestResponse, error) {
	// Deliberately unchecked, like Botkube: a nil Context panics.
	_ = req.Context.SourceContext

	var raw interface{}
	if json.Unmarshal(req.Payload, &raw) != nil {
		raw = nil
	}
	ev, err := json.Marshal(api.Event{
		Message:   api.NewPlaintextMessage(string(req.Payload), false),
		RawObject: raw,
	})
	if err != nil {
		return nil, err
	}
	return &source.ExternalRequestResponse{Event: ev}, nil
}

func (ticker) Metadata(context.Context, *empty.Empty) (*source.MetadataResponse, error) {
	return &source.MetadataResponse{
		Version:     "v0.1.0-go",
		Description: "Go source for interop tests",
		JsonSchema:  &source.JSONSchema{Value: configSchema},
		// Botkube's adapter always fills this, even for sources without webhooks.
		ExternalRequest: &source.ExternalRequestMetadata{
			Payload: &source.ExternalRequestPayloadMetadata{
				JsonSchema: &source.JSONSchema{Value: payloadSchema},
			},
		},
	}, nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: botkube.Handshake,
		Plugins: map[string]plugin.Plugin{
			// The key never goes over the wire; hosts dispense "source".
			"ticker": &botkube.SourcePlugin{Impl: ticker{}},
		},
		GRPCServer: plugin.DefaultGRPCServer,
	})
}
