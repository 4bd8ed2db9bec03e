// Lists tar archives as Go's archive/tar reads them: the reader Docker and containerd unpack
// layers with. For each file named on the command line, one JSON line: the entries in order, then
// the error that stopped the read, if any. Names and values are hex, so bytes stay exact.
package main

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
)

type entry struct {
	Name     string            `json:"name"`
	Linkname string            `json:"linkname"`
	Typeflag int               `json:"typeflag"`
	Size     string            `json:"size"`
	Perm     int64             `json:"perm"` // Mode & 07777, what chmod receives
	Uid      string            `json:"uid"`
	Gid      string            `json:"gid"`
	Xattrs   map[string]string `json:"xattrs"`
	Sparse   bool              `json:"sparse"` // any GNU.sparse.* PAX record, or type 'S'
	Body     string            `json:"body"`   // sha256 of the bytes Read returns
}

type listing struct {
	Entries []entry `json:"entries"`
	Error   string  `json:"error,omitempty"`
}

func list(r io.Reader) (out listing) {
	out.Entries = []entry{}
	reader := tar.NewReader(r)
	for {
		header, err := reader.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			out.Error = err.Error()
			return
		}
		e := entry{
			Name: hex.EncodeToString([]byte(header.Name)), Linkname: hex.EncodeToString([]byte(header.Linkname)),
			Typeflag: int(header.Typeflag), Size: strconv.FormatInt(header.Size, 10), Perm: header.Mode & 07777,
			Uid: strconv.Itoa(header.Uid), Gid: strconv.Itoa(header.Gid), Xattrs: map[string]string{},
			Sparse: header.Typeflag == tar.TypeGNUSparse,
		}
		for key, value := range header.Xattrs {
			e.Xattrs[hex.EncodeToString([]byte(key))] = hex.EncodeToString([]byte(value))
		}
		for key := range header.PAXRecords {
			e.Sparse = e.Sparse || strings.HasPrefix(key, "GNU.sparse.")
		}
		hash := sha256.New()
		_, err = io.Copy(hash, reader)
		e.Body = hex.EncodeToString(hash.Sum(nil))
		out.Entries = append(out.Entries, e)
		if err != nil {
			out.Error = err.Error()
			return
		}
	}
}

func main() {
	encoder := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		file, err := os.Open(path)
		if err != nil {
			panic(err)
		}
		if err := encoder.Encode(list(file)); err != nil {
			panic(err)
		}
		file.Close()
	}
}
