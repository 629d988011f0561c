package imageresolve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
)

// cacheVersion is bumped when the cached Image changes shape: older files
// are then ignored.
const cacheVersion = 1

type cacheEntry struct {
	Version  int    `json:"version"`
	Platform string `json:"platform"`
	Image    *Image `json:"image"`
}

// cachePath is the file of key: a hash, so that any reference makes a safe
// file name, with the platform in it.
func (r *Resolver) cachePath(key string) string {
	h := sha256.Sum256([]byte(r.opts.Platform + "\x00" + key))
	return filepath.Join(r.cacheDir, hex.EncodeToString(h[:16])+".json")
}

// readCache returns the cached result for key, or nil when there is none,
// it is stale (a tag older than the TTL), or the file is unreadable or
// corrupt (it is then fetched again and overwritten).
func (r *Resolver) readCache(key string, byDigest bool) *Image {
	if r.cacheDir == "" || (!byDigest && r.opts.TTL < 0) || r.opts.DigestOnly {
		return nil
	}
	data, err := os.ReadFile(r.cachePath(key))
	if err != nil {
		return nil
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Version != cacheVersion || e.Image == nil ||
		e.Image.Ref != key || e.Platform != r.opts.Platform || e.Image.Digest == "" {
		return nil
	}
	if !byDigest && r.opts.Now().Sub(e.Image.Fetched) > r.opts.TTL {
		return nil
	}
	if byDigest && e.Image.Config == nil {
		return nil // a digest never changes, but a failed configuration read may succeed now
	}
	return e.Image
}

// writeCache stores img, atomically (a temporary file renamed). A cache
// that cannot be written is no error: the next run asks the registry again.
func (r *Resolver) writeCache(img *Image) {
	if r.cacheDir == "" || r.opts.DigestOnly {
		return
	}
	data, err := json.MarshalIndent(cacheEntry{Version: cacheVersion, Platform: r.opts.Platform, Image: img}, "", "  ")
	if err != nil {
		return
	}
	if os.MkdirAll(r.cacheDir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(r.cacheDir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), r.cachePath(img.Ref)) != nil {
		os.Remove(tmp.Name())
	}
}
