// Package botkube holds the go-plugin conventions Botkube uses, shared by the
// interop test plugins (plugin side) and go-host (host side): the handshake,
// the plugin-map entries that wire the generated gRPC stubs into go-plugin,
// and config merging.
package botkube

import (
	"context"
	"errors"

	"chatkube/proto/executor"
	"chatkube/proto/source"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	yaml "gopkg.in/yaml.v3"
)

// Handshake is Botkube's handshake (app protocol version 3 since Botkube
// v1.9, the same for executors and sources).
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  3,
	MagicCookieKey:   "BOTKUBE",
	MagicCookieValue: "52ca7b74-28eb-4fac-ae79-31a9cbda2454",
}

// ExecutorPlugin is the go-plugin entry for an executor. A plugin sets Impl
// and serves it; a host leaves Impl nil and dispenses an ExecutorClient.
type ExecutorPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl executor.ExecutorServer
}

// GRPCServer registers Impl on the plugin's gRPC server.
func (p *ExecutorPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	if p.Impl == nil {
		return errors.New("executor plugin: no implementation to serve")
	}
	executor.RegisterExecutorServer(s, p.Impl)
	return nil
}

// GRPCClient returns an executor.ExecutorClient on the plugin's connection.
func (p *ExecutorPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return executor.NewExecutorClient(c), nil
}

// SourcePlugin is ExecutorPlugin for sources.
type SourcePlugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl source.SourceServer
}

// GRPCServer registers Impl on the plugin's gRPC server.
func (p *SourcePlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	if p.Impl == nil {
		return errors.New("source plugin: no implementation to serve")
	}
	source.RegisterSourceServer(s, p.Impl)
	return nil
}

// GRPCClient returns a source.SourceClient on the plugin's connection.
func (p *SourcePlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return source.NewSourceClient(c), nil
}

// MergeConfigs decodes each rawYAML document, in order, into out. Decoding
// into the same struct overwrites only the keys a document sets, so later
// documents win key by key, as in Botkube. Use pointer fields in out to tell
// "unset" from a zero value.
func MergeConfigs(rawYAMLs [][]byte, out interface{}) error {
	for _, raw := range rawYAMLs {
		if len(raw) == 0 {
			continue
		}
		if err := yaml.Unmarshal(raw, out); err != nil {
			return err
		}
	}
	return nil
}
