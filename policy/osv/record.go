package osv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The wire types below hold the fields of an OSV record this package uses,
// as the OSV schema (https://ossf.github.io/osv-schema/) names them. Other
// fields are ignored, as the schema asks of clients ("ignoring any unexpected
// fields", section "schema_version field").

// wireRecord is a whole record: https://ossf.github.io/osv-schema/#id-modified-fields
// and the sections after it.
type wireRecord struct {
	ID        string         `json:"id"`
	Modified  string         `json:"modified"`
	Published string         `json:"published"`
	Withdrawn string         `json:"withdrawn"`
	Aliases   []string       `json:"aliases"`
	Summary   string         `json:"summary"`
	Details   string         `json:"details"`
	Severity  []wireSeverity `json:"severity"`
	Affected  []wireAffected `json:"affected"`
	// DatabaseSpecific is kept raw: its shape is the database's own
	// (https://ossf.github.io/osv-schema/#database_specific-field). GitHub
	// puts its severity label in "severity".
	DatabaseSpecific json.RawMessage `json:"database_specific"`
}

// wireSeverity is https://ossf.github.io/osv-schema/#severity-field.
type wireSeverity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// wireAffected is https://ossf.github.io/osv-schema/#affected-fields.
type wireAffected struct {
	Package  wirePackage    `json:"package"`
	Severity []wireSeverity `json:"severity"`
	Ranges   []wireRange    `json:"ranges"`
	Versions []string       `json:"versions"`
}

// wirePackage is https://ossf.github.io/osv-schema/#affectedpackage-field.
type wirePackage struct {
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
}

// wireRange is https://ossf.github.io/osv-schema/#affectedranges-field.
type wireRange struct {
	Type   string      `json:"type"`
	Events []wireEvent `json:"events"`
}

// wireEvent is https://ossf.github.io/osv-schema/#affectedrangesevents-fields:
// exactly one of the four should be present.
type wireEvent struct {
	Introduced   *string `json:"introduced"`
	Fixed        *string `json:"fixed"`
	LastAffected *string `json:"last_affected"`
	Limit        *string `json:"limit"`
}

// format is the encoding of a record file.
type format int8

const (
	formatJSON format = iota
	formatYAML
)

// decodeRecord decodes one record in the given format. It fails only when the
// bytes are not a record at all; the caller checks the fields.
func decodeRecord(data []byte, f format) (*wireRecord, error) {
	if f == formatYAML {
		j, err := yamlToJSON(data)
		if err != nil {
			return nil, err
		}
		data = j
	}
	var w wireRecord
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, jsonError(data, err)
	}
	return &w, nil
}

// jsonError rewrites a JSON error to say where in the record it is.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("not valid JSON (line %d, byte %d): %s", line, se.Offset, se.Error())
	case errors.As(err, &te):
		if te.Field == "" {
			return fmt.Errorf("a record must be a JSON object, not %s", te.Value)
		}
		return fmt.Errorf("field %s: want %s, not %s", te.Field, te.Type, te.Value)
	}
	return err
}

// yamlToJSON converts a YAML document to JSON, with every scalar turned into
// a JSON string except null. The advisory-database YAML files quote versions
// that would otherwise be numbers ('1.0'), but a file that writes 1.10
// unquoted still gets the text "1.10", never the number 1.1.
func yamlToJSON(data []byte) (out []byte, err error) {
	// The YAML parser is third-party code fed untrusted bytes: a panic in it
	// becomes an error here rather than a crash of the embedding program.
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("not valid YAML (the YAML parser failed: %v)", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 {
		return nil, errors.New("empty YAML document")
	}
	budget := max(len(data), minYAMLNodes)
	v, err := yamlValue(&doc, 0, &budget)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// yamlValue converts one node, counting nodes against budget so that aliases
// cannot expand a small file into a huge value.
func yamlValue(n *yaml.Node, depth int, budget *int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, errors.New("YAML aliases expand to more values than the document has bytes")
	}
	if depth > maxYAMLDepth {
		return nil, fmt.Errorf("YAML nested deeper than %d levels", maxYAMLDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0], depth+1, budget)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, errors.New("YAML alias without anchor")
		}
		return yamlValue(n.Alias, depth+1, budget)
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return nil, nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, depth+1, budget)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.AliasNode && k.Alias != nil {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("YAML mapping key at line %d is not a plain value", n.Content[i].Line)
			}
			if k.Value == "<<" {
				return nil, fmt.Errorf("YAML merge key at line %d is not supported", k.Line)
			}
			v, err := yamlValue(n.Content[i+1], depth+1, budget)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	}
	return nil, fmt.Errorf("unexpected YAML node kind %d at line %d", n.Kind, n.Line)
}
