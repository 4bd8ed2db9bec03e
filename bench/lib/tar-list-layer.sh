#!/bin/sh
# GNU tar --to-command hook: the outer `tar -xf -` pipes each member of the docker save archive here.
# Layer blobs (named in BENCH_LAYERS) are listed verbosely by a second GNU tar reading the stream;
# every other member (config, manifest) is drained. Whatever tar leaves unread after the end-of-archive
# blocks is drained too, so the outer tar never sees a broken pipe.
case " $BENCH_LAYERS " in
  *" $TAR_FILENAME "*) tar -tv ${BENCH_TAR_FLAGS} -f - ; cat > /dev/null ;;
  *) cat > /dev/null ;;
esac
