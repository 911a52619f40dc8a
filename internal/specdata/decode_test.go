package specdata_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/internal/specdata"
)

// decodeCases are bodies DecodeJSON reads itself, bodies it leaves to
// encoding/json, and bodies neither accepts.
var decodeCases = []string{
	`{"workspaceId":"wk1","objectTypeSlug":"person","fields":{"name":"Ada","n":1.5,"e":-2e3,"z":0,"t":true,"f":false,"x":null}}`,
	`{"pagination":{"page":0,"page_size":25}}`, `[]`, `{}`, ` [1, [2, [3]], {"a": {}}] `, `"é ☃ 😀"`, `-0`, `0.5e+2`, `1E-2`,
	`{"a":1,"a":2}`, `{"a":{"b":1},"a":{"c":2}}`, "\t\n\r 7 \t",
	`"esc\"aped"`, `"tab\tchar"`, `"\u00e9\ud83d\ude00"`, `"\ud800"`, "\"\xff\xfe\"", "\"ctrl\x01\"",
	`1e400`, `-1e400`, `01`, `-`, `1.`, `.5`, `1e`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`,
	`[1 2]`, `{}x`, ``, ` `, `"unterminated`, strings.Repeat("[", 150) + strings.Repeat("]", 150),
	strings.Repeat("[", 20000) + strings.Repeat("]", 20000), `123456789012345678901234567890`, "\"\x7f\"",
}

func checkDecode(t *testing.T, data []byte) {
	t.Helper()
	var want any
	wantErr := json.Unmarshal(data, &want)
	got, err := specdata.DecodeJSON(data)
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("DecodeJSON(%q) error %v, json.Unmarshal %v", data, err, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeJSON(%q) = %#v, json.Unmarshal %#v", data, got, want)
	}
}

func TestDecodeJSONIsUnmarshal(t *testing.T) {
	t.Parallel()
	for _, c := range decodeCases {
		checkDecode(t, []byte(c))
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data) })
}
