// Package api is a Go restatement of Botkube's message model (pkg/api) and
// its source event, written for chatkube's interop tests.
//
// Messages travel between hosts and plugins as encoding/json bytes of these
// structs, so the field ORDER, the json tags and the Go types below decide the
// exact bytes on the wire. Do not reorder fields or change tags: the golden
// files in test/golden/go record what this model produces.
package api

import "time"

// MessageType selects how a platform renders a message.
type MessageType string

// The message types Botkube knows.
const (
	DefaultMessage                    MessageType = ""
	BaseBodyWithFilterMessage         MessageType = "baseBodyWithFilter"
	NonInteractiveSingleSection       MessageType = "nonInteractiveEventSingleSection"
	PopupMessage                      MessageType = "form"
	ThreadMessage                     MessageType = "threadMessage"
	SkipMessage                       MessageType = "skipMessage"
	BasicCardWithButtonsInSeparateMsg MessageType = "basicCardWithButtonsInSeparateMessage"
)

// Message is one chat message.
//
// BaseBody and Timestamp are structs, so `omitempty` never drops them: Go
// always emits "baseBody":{} and "timestamp":"0001-01-01T00:00:00Z".
type Message struct {
	Type              MessageType  `json:"type,omitempty"`
	BaseBody          Body         `json:"baseBody,omitempty"`
	Timestamp         time.Time    `json:"timestamp,omitempty"`
	Sections          []Section    `json:"sections,omitempty"`
	PlaintextInputs   []LabelInput `json:"plaintextInputs,omitempty"`
	OnlyVisibleForYou bool         `json:"onlyVisibleForYou,omitempty"`
	ReplaceOriginal   bool         `json:"replaceOriginal,omitempty"`
	UserHandle        string       `json:"userHandle,omitempty"`
	ParentActivityID  string       `json:"parentActivityId,omitempty"`
}

// Body is the text part of a message or section.
type Body struct {
	CodeBlock string `json:"codeBlock,omitempty"`
	Plaintext string `json:"plaintext,omitempty"`
}

// Base is embedded in Section. encoding/json does not know `inline` (that is
// a YAML option); because the tag has no name, Go promotes Base's fields, so
// header, description and body appear at the section's top level.
type Base struct {
	Header      string `json:"header,omitempty"`
	Description string `json:"description,omitempty"`
	Body        Body   `json:"body,omitempty"`
}

// Section is one block of a message. Style, Body (from Base), MultiSelect and
// Selects are structs and therefore always emitted.
type Section struct {
	Style           SectionStyle `json:"style,omitempty"`
	Base            `json:",inline"`
	Buttons         []Button      `json:"buttons,omitempty"`
	MultiSelect     MultiSelect   `json:"multiSelect,omitempty"`
	Selects         Selects       `json:"selects,omitempty"`
	PlaintextInputs []LabelInput  `json:"plaintextInputs,omitempty"`
	TextFields      []TextField   `json:"textFields,omitempty"`
	BulletLists     []BulletList  `json:"bulletLists,omitempty"`
	Context         []ContextItem `json:"context,omitempty"`
}

// SectionStyle: Divider "none" means no divider above the section.
type SectionStyle struct {
	Divider string `json:"divider,omitempty"`
}

// TextField is one cell of a key/value grid.
type TextField struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// BulletList is a titled list.
type BulletList struct {
	Title string   `json:"title,omitempty"`
	Items []string `json:"items,omitempty"`
}

// ContextItem is small footer text.
type ContextItem struct {
	Text string `json:"text,omitempty"`
}

// Selects holds single-choice dropdowns.
type Selects struct {
	ID    string   `json:"id,omitempty"`
	Items []Select `json:"items,omitempty"`
}

// Select is one dropdown; Type is "static" or "external".
type Select struct {
	Type          string        `json:"type,omitempty"`
	Name          string        `json:"name,omitempty"`
	Command       string        `json:"command,omitempty"`
	OptionGroups  []OptionGroup `json:"optionGroups,omitempty"`
	InitialOption *OptionItem   `json:"initialOption,omitempty"`
}

// OptionGroup is a named group of options.
type OptionGroup struct {
	Name    string       `json:"name,omitempty"`
	Options []OptionItem `json:"options,omitempty"`
}

// OptionItem is one option of a select or multi-select.
type OptionItem struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
}

// MultiSelect is a multiple-choice dropdown. Description is a struct, so it
// is always emitted.
type MultiSelect struct {
	Name           string       `json:"name,omitempty"`
	Description    Body         `json:"description,omitempty"`
	Command        string       `json:"command,omitempty"`
	Options        []OptionItem `json:"options,omitempty"`
	InitialOptions []OptionItem `json:"initialOptions,omitempty"`
}

// LabelInput is a plain-text input; DispatchedAction is "",
// "on_enter_pressed" or "on_character_entered".
type LabelInput struct {
	Command          string `json:"command,omitempty"`
	Text             string `json:"text,omitempty"`
	Placeholder      string `json:"placeholder,omitempty"`
	DispatchedAction string `json:"dispatchedAction,omitempty"`
}

// Button is a button. DescriptionStyle has no omitempty, so Go always emits
// "descriptionStyle" (as "" when unset).
type Button struct {
	Description      string `json:"description,omitempty"`
	DescriptionStyle string `json:"descriptionStyle"`
	Name             string `json:"name,omitempty"`
	Command          string `json:"command,omitempty"`
	URL              string `json:"url,omitempty"`
	Style            string `json:"style,omitempty"`
}

// Event is what a source sends (source.Event in Botkube). It has no json
// tags, so its keys are the Go field names. RawObject decodes as generic JSON
// (maps, []interface{}, float64, ...), exactly as Botkube's host decodes it;
// Go re-encodes maps with sorted keys.
type Event struct {
	Message         Message
	RawObject       interface{}
	AnalyticsLabels map[string]interface{}
}

// NewCodeBlockMessage returns a message whose base body is a code block,
// typed baseBodyWithFilter when the host may apply --filter to it.
func NewCodeBlockMessage(text string, allowFilter bool) Message {
	m := Message{BaseBody: Body{CodeBlock: text}}
	if allowFilter {
		m.Type = BaseBodyWithFilterMessage
	}
	return m
}

// NewPlaintextMessage is NewCodeBlockMessage for plain text.
func NewPlaintextMessage(text string, allowFilter bool) Message {
	m := Message{BaseBody: Body{Plaintext: text}}
	if allowFilter {
		m.Type = BaseBodyWithFilterMessage
	}
	return m
}
