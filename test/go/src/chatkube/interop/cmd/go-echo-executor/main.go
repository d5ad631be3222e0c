// Command go-echo-executor is a go-plugin executor that behaves like the
// echo executor of Botkube's plugin template. chatkube's TS host runs it to
// prove it can drive real Go plugins.
//
//   - Execute answers the command as a code block, upper-cased when the merged
//     configs say `changeResponseToUpperCase: true`.
//   - A command containing "@fail" returns an error; "@panic" kills the process.
//   - It reads req.Context and req.Context.IncomingWebhook without nil checks,
//     as Botkube's plugin-side adapter does, so a host that leaves them unset
//     makes it panic.
//   - It does not implement chatkube.v1.ExecutorStream, so chatkube hosts must
//     fall back to Execute.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"chatkube/interop/api"
	"chatkube/interop/botkube"
	"chatkube/proto/executor"

	"github.com/golang/protobuf/ptypes/empty"
	plugin "github.com/hashicorp/go-plugin"
)

const configSchema = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "go-echo",
  "description": "Go echo executor for interop tests",
  "type": "object",
  "properties": {
    "changeResponseToUpperCase": {
      "description": "Upper-case the echoed command",
      "type": "boolean",
      "default": false
    }
  },
  "additionalProperties": false
}`

// config is the merged plugin config. A pointer, so that a later config can
// switch a true back to false.
type config struct {
	ChangeResponseToUpperCase *bool `yaml:"changeResponseToUpperCase"`
}

// input is what Botkube's adapter hands an executor after unpacking the
// request; building it dereferences the context exactly where Botkube does.
type input struct {
	command                  string
	configs                  [][]byte
	isInteractivitySupported bool
	baseSourceURL            string
}

type echo struct{}

func (echo) Execute(_ context.Context, req *executor.ExecuteRequest) (*executor.ExecuteResponse, error) {
	in := input{
		command: req.Command,
		// Deliberately unchecked, like Botkube: nil Context or IncomingWebhook panics.
		isInteractivitySupported: req.Context.IsInteractivitySupported,
		baseSourceURL:            req.Context.IncomingWebhook.BaseSourceURL,
	}
	for _, c := range req.Configs {
		in.configs = append(in.configs, c.RawYAML)
	}

	var cfg config
	if err := botkube.MergeConfigs(in.configs, &cfg); err != nil {
		return nil, err
	}

	out := in.command
	if strings.Contains(out, "@fail") {
		return nil, errors.New("The @fail label was specified. Failing execution.")
	}
	if strings.Contains(out, "@panic") {
		// Not recovered by grpc-go: the whole plugin process dies.
		panic("The @panic label was specified. Panicking.")
	}
	if cfg.ChangeResponseToUpperCase != nil && *cfg.ChangeResponseToUpperCase {
		out = strings.ToUpper(out)
	}

	msg, err := json.Marshal(api.NewCodeBlockMessage(out, true))
	if err != nil {
		return nil, err
	}
	return &executor.ExecuteResponse{Message: msg}, nil
}

func (echo) Metadata(context.Context, *empty.Empty) (*executor.MetadataResponse, error) {
	return &executor.MetadataResponse{
		Version:     "v0.1.0-go",
		Description: "Go echo executor for interop tests",
		JsonSchema:  &executor.JSONSchema{Value: configSchema},
	}, nil
}

func (echo) Help(context.Context, *empty.Empty) (*executor.HelpResponse, error) {
	msg := api.Message{
		Sections: []api.Section{{
			Base: api.Base{
				Header:      "Go echo executor",
				Description: "Echoes the command back as a code block.",
			},
			Buttons: []api.Button{{
				Name:             "Echo hello",
				Command:          "{{BotName}} echo hello",
				Description:      "{{BotName}} echo hello",
				DescriptionStyle: "code",
				Style:            "primary",
			}},
		}},
	}
	help, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	return &executor.HelpResponse{Help: help}, nil
}

func main() {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: botkube.Handshake,
		Plugins: map[string]plugin.Plugin{
			// The key never goes over the wire; hosts dispense "executor".
			"echo": &botkube.ExecutorPlugin{Impl: echo{}},
		},
		GRPCServer: plugin.DefaultGRPCServer,
	})
}
