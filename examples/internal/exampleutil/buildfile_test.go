package exampleutil

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildFileURL(t *testing.T) {
	tests := []struct {
		name, in, want, wantErr string
	}{
		{name: "plain", in: "https://h/x-1.0-py3-none-any.whl", want: "https://h/x-1.0-py3-none-any.whl"},
		{name: "credentials and fragment dropped", in: "https://u:s3cret@h/x.whl#sha256=ab", want: "https://h/x.whl"},
		{name: "file", in: "file:///srv/x.whl", want: "file:///srv/x.whl"},
		{name: "other scheme", in: "ftp://h/x.whl", wantErr: `file URL scheme "ftp" is not http, https or file`},
		{name: "control character", in: "https://u:s3cret@h/x\n.whl", wantErr: "invalid file URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BuildFileURL(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "s3cret", "a secret reached the message")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckFilename(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "../x.whl", `a\b.whl`, "x\x7f.whl"} {
		assert.Error(t, CheckFilename(bad), "%q", bad)
	}
	assert.NoError(t, CheckFilename("x-1.0-py3-none-any.whl"))
}

func TestCheckPlainMasksSecrets(t *testing.T) {
	err := CheckPlain("https://u:s3cret@h/x\x01.whl")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "holds a control character")
	assert.NotContains(t, err.Error(), "s3cret")
}
