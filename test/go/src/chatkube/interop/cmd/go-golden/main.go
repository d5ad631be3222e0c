// Command go-golden records what Go's encoding/json makes of the golden
// inputs: each <in>/*.json is decoded into api.Event (names starting with
// "event-") or api.Message (all others), re-encoded with json.Marshal
// (default HTML escaping, no trailing newline) and written to <out> under the
// same name. chatkube's TS codec must reproduce these bytes.
//
//	go-golden <input dir> <output dir>
package main

import (
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"chatkube/interop/api"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go-golden <input dir> <output dir>")
		os.Exit(2)
	}
	if err := record(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "go-golden:", err)
		os.Exit(1)
	}
}

func record(in, out string) error {
	names, err := filepath.Glob(filepath.Join(in, "*.json"))
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("no *.json files in %s", in)
	}
	sort.Strings(names)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, path := range names {
		name := filepath.Base(path)
		data, err := ioutil.ReadFile(path)
		if err != nil {
			return err
		}
		var v interface{} = &api.Message{}
		if strings.HasPrefix(name, "event-") {
			v = &api.Event{}
		}
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if err := ioutil.WriteFile(filepath.Join(out, name), enc, 0o644); err != nil {
			return err
		}
	}
	return nil
}
