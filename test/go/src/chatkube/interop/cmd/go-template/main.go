// Command go-template records what Go's text/template, with the functions of
// github.com/Masterminds/sprig v3 (sprig.TxtFuncMap, as Botkube renders
// action commands and extraButtons), makes of each test case: a JSON list of
// {name, template, data}. The data is decoded with encoding/json into an
// interface{} first, as Botkube's templates see an event after its JSON round
// trip. It writes a JSON list of {name, output} or {name, error, stage}: the
// error of Parse (stage "parse") or Execute (stage "exec"); the partial output
// of a failed Execute is dropped.
//
//	go-template <cases.json>     results to stdout
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"
	"text/template"

	"github.com/Masterminds/sprig"
)

type testCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
}

type result struct {
	Name   string  `json:"name"`
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
	Stage  string  `json:"stage,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-template <cases.json>")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "go-template:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	raw, err := ioutil.ReadFile(path)
	if err != nil {
		return err
	}
	var cases []testCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	results := make([]result, 0, len(cases))
	for _, c := range cases {
		res, err := render(c)
		if err != nil {
			return fmt.Errorf("case %q: %v", c.Name, err)
		}
		results = append(results, res)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(results); err != nil {
		return err
	}
	_, err = os.Stdout.Write(out.Bytes())
	return err
}

// render parses and executes one case; only a bad case (not a template
// error) is an error of its own.
func render(c testCase) (result, error) {
	var data interface{}
	if len(c.Data) > 0 {
		if err := json.Unmarshal(c.Data, &data); err != nil {
			return result{}, fmt.Errorf("data: %v", err)
		}
	}
	name := c.Name
	tmpl, err := template.New(name).Funcs(sprig.TxtFuncMap()).Parse(c.Template)
	if err != nil {
		msg := err.Error()
		return result{Name: name, Error: &msg, Stage: "parse"}, nil
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		msg := err.Error()
		return result{Name: name, Error: &msg, Stage: "exec"}, nil
	}
	output := buf.String()
	return result{Name: name, Output: &output}, nil
}
