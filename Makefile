# rongpei - build, run and test.  The two commands: `make run`, `make test`.
#
#   make            build build/rongpeid and build/rongpei
#   make run        install what is missing, build, start the demo system
#   make test       unit tests, integration tests (real PostgreSQL, TLS,
#                   server and client), a short fuzz run; the time it took
#   make test T=pairing   one area (or test) of the integration tests
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make bench      measurements against raw libpq, printed as ratios
#
# Variables: CC, OPT (optimisation), BUILD (output directory), SAN (sanitizer flags).

CC      ?= cc
BUILD   ?= build
SAN     ?=
PKGS    := libuv libprotobuf-c libpq openssl libargon2 jansson
WARN    := -Wall -Wextra -Wstrict-prototypes -Wshadow -Werror
OPT     ?= -O2 -g
CFLAGS  += $(OPT) -std=c11 -D_GNU_SOURCE $(WARN) $(SAN) -I$(BUILD)/gen -Icommon -Iserver -Iclient \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
LDFLAGS += $(SAN)

GEN      := $(BUILD)/gen/rongpei.pb-c.c
COMMON   := common/rp.c common/arena.c common/wire.c common/valid.c common/pii.c common/pairing.c \
            common/pbjson.c common/methods.c common/digest.c
SERVER   := server/main.c server/config.c server/log.c server/tls.c server/db.c \
            server/conn.c server/gate.c server/ca.c server/migrate.c server/registry.c server/propose.c
CLIENT   := client/main.c client/run.c client/commands.c client/net.c client/table.c client/cmd.c client/pdf.c \
            client/roster.c client/csv.c \
            client/team.c client/xlsx.c client/enterprise.c client/group.c client/pairing_cmd.c \
            client/agreement.c client/outbox.c client/attachment.c
OBJ       = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
COMMON_O := $(call OBJ,$(GEN) $(COMMON))

.PHONY: all deps run test test-all unit integration fuzz asan bench clean check-schema-version check-docs check-paths docs

all: $(BUILD)/rongpeid $(BUILD)/rongpei

deps:
	@scripts/deps.sh

$(GEN): proto/rongpei.proto $(BUILD)/gen/rp_status.h
	@mkdir -p $(BUILD)/gen
	protoc-c --proto_path=proto --c_out=$(BUILD)/gen proto/rongpei.proto

# The status codes for C, from enum Status (SQL gets them at migrate: core.status)
$(BUILD)/gen/rp_status.h: proto/rongpei.proto
	@mkdir -p $(BUILD)/gen
	@awk 'BEGIN { print "/* rp_status.h - generated from enum Status in proto/rongpei.proto by the Makefile; do not edit */"; \
	              print "#ifndef RP_STATUS_H"; print "#define RP_STATUS_H"; print "enum rp_status {" } \
	      /^enum Status \{/ { on = 1; next } on && /^\}/ { on = 0 } \
	      on && /=/ { line = $$0; sub(/;.*/, "", line); split(line, kv, "="); gsub(/[ \t]/, "", kv[1]); gsub(/[ \t]/, "", kv[2]); \
	                  printf "    RP_ST_%s = %s,\n", kv[1], kv[2]; names = names (n++ ? ", " : "") "\"" kv[1] "\"" } \
	      END { print "};"; printf "#define RP_ST_COUNT %d\n", n; printf "#define RP_STATUS_NAMES %s\n", names; print "#endif" }' \
	  proto/rongpei.proto >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c $(GEN) $(wildcard common/*.h server/*.h client/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# protobuf-c's generated code is not ours to warn about
$(BUILD)/obj/$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Werror -Wshadow,$(CFLAGS)) -c $< -o $@

$(BUILD)/rongpeid: $(COMMON_O) $(call OBJ,$(SERVER))
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

# only the client draws PDFs and workbooks
$(BUILD)/obj/client/pdf.o: CFLAGS += $(shell pkg-config --cflags pangocairo 2>/dev/null)
$(BUILD)/obj/client/roster.o: CFLAGS += $(shell pkg-config --cflags xlsxwriter 2>/dev/null)

$(BUILD)/rongpei: $(COMMON_O) $(call OBJ,$(CLIENT))
	$(CC) $(LDFLAGS) $^ $(LDLIBS) $(shell pkg-config --libs pangocairo xlsxwriter libzip expat 2>/dev/null) -o $@

# ---------------------------------------------------------------- run

run: deps all
	@scripts/run.sh

# ---------------------------------------------------------------- tests

UNIT := tests/unit/test_main.c
$(BUILD)/unit-tests: $(COMMON_O) $(call OBJ,$(UNIT) server/config.c server/log.c client/table.c client/csv.c)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) $(shell pkg-config --libs check) -o $@

check-schema-version:
	@latest=$$(ls sql/migrations | grep -E '^[0-9]{3}_.*\.sql$$' | tail -n 1 | cut -c1-3 | sed 's/^0*//'); \
	built=$$(sed -n 's/^#define RP_SCHEMA_VERSION \([0-9]*\)/\1/p' common/rp.h); \
	if [ "$$latest" != "$$built" ]; then \
	  echo "RP_SCHEMA_VERSION ($$built) does not match the newest migration in sql/migrations/ ($$latest)"; exit 1; fi

# every tracked path is printable ASCII (a file named by a stray pointer,
# or in an encoding a tool does not expect, fails here)
check-paths:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  bad=$$(git -c core.quotepath=on ls-files | LC_ALL=C grep -n '[^ -~]\|^"' || true); \
	  if [ -n "$$bad" ]; then echo "tracked paths that are not printable ASCII:"; echo "$$bad"; exit 1; fi; fi

# docs/protocol.md's method table is the registry's (rongpeid methods)
check-docs: $(BUILD)/rongpeid $(BUILD)/rongpei
	@sed -n '/^<!-- methods: generated/,/^<!-- end of methods -->/p' docs/protocol.md | sed '1d;$$d' >$(BUILD)/methods.doc
	@$(BUILD)/rongpeid methods >$(BUILD)/methods.gen
	@diff -u $(BUILD)/methods.doc $(BUILD)/methods.gen >$(BUILD)/methods.diff || \
	  { echo "docs/protocol.md's method table differs from the registry (make docs rewrites it):"; \
	    head -n 20 $(BUILD)/methods.diff; exit 1; }
	@sed -n '/^\.\\" commands: generated/,/^\.\\" end of commands/p' man/rongpei.1 | sed '1d;$$d' >$(BUILD)/commands.doc
	@$(BUILD)/rongpei --man >$(BUILD)/commands.gen
	@diff -u $(BUILD)/commands.doc $(BUILD)/commands.gen >$(BUILD)/commands.diff || \
	  { echo "man/rongpei.1's command reference differs from the command table (make docs rewrites it):"; \
	    head -n 20 $(BUILD)/commands.diff; exit 1; }

# Rewrite the generated parts of the documentation.
docs: $(BUILD)/rongpeid $(BUILD)/rongpei
	@$(BUILD)/rongpeid methods >$(BUILD)/methods.gen
	@awk -v gen=$(BUILD)/methods.gen '/^<!-- methods: generated/ { print; while ((getline l < gen) > 0) print l; skip = 1; next } \
	   /^<!-- end of methods -->/ { skip = 0 } !skip' docs/protocol.md >docs/protocol.md.tmp && mv docs/protocol.md.tmp docs/protocol.md
	@$(BUILD)/rongpei --man >$(BUILD)/commands.gen
	@awk -v gen=$(BUILD)/commands.gen '/^\.\\" commands: generated/ { print; while ((getline l < gen) > 0) print l; skip = 1; next } \
	   /^\.\\" end of commands/ { skip = 0 } !skip' man/rongpei.1 >man/rongpei.1.tmp && mv man/rongpei.1.tmp man/rongpei.1

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

$(BUILD)/rawclient: $(COMMON_O) $(call OBJ,tests/integration/rawclient.c)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/cutproxy: $(call OBJ,tests/integration/cutproxy.c)
	$(CC) $(LDFLAGS) $^ -o $@

$(BUILD)/obj/tests/integration/mkxlsx.o: CFLAGS += $(shell pkg-config --cflags xlsxwriter 2>/dev/null)
$(BUILD)/mkxlsx: $(call OBJ,tests/integration/mkxlsx.c)
	$(CC) $(LDFLAGS) $^ $(shell pkg-config --libs xlsxwriter 2>/dev/null) -o $@

integration: all $(BUILD)/rawclient $(BUILD)/cutproxy $(BUILD)/mkxlsx
	BUILD=$(BUILD) T="$(T)" tests/integration/run.sh

FUZZ_SRC := tests/fuzz/fuzz_frame.c common/wire.c common/arena.c common/rp.c common/pbjson.c \
            common/methods.c $(GEN)
# Every report is an error (-fno-sanitize-recover): a UBSan finding stops the run.
FUZZ_CC   = clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# protobuf-c compiled in (instrumented) from Debian's source package; without
# it the decoder would be a black box to the fuzzer, and fuzz fails
PBC_SRC = $(shell scripts/protobuf-c-src.sh $(BUILD)/pbc)
$(BUILD)/fuzz-frame: $(FUZZ_SRC)
	@mkdir -p $(BUILD)
	@[ -n "$(PBC_SRC)" ] || [ -n "$$FUZZ_UNINSTRUMENTED_OK" ] || \
	  { echo "fuzz: protobuf-c's source could not be fetched (scripts/protobuf-c-src.sh): the decoder would not be"; \
	    echo "      instrumented. Check the machine's apt sources (deb-src), or FUZZ_UNINSTRUMENTED_OK=1 to accept it."; exit 1; }
	@# protobuf-c 1.4.1 shifts a byte of a tag into the sign bit of an int
	@# (protobuf-c.c, parse_tag_and_wiretype): upstream's, harmless on our
	@# compilers, and not ours to change; that one check is off for that file
	$(if $(PBC_SRC),$(FUZZ_CC) -fno-sanitize=shift-base -c $(PBC_SRC) -o $(BUILD)/pbc/protobuf-c.o)
	$(FUZZ_CC) -I$(BUILD)/gen -Icommon \
	  $(shell pkg-config --cflags jansson libprotobuf-c) $(FUZZ_SRC) $(if $(PBC_SRC),$(BUILD)/pbc/protobuf-c.o) \
	  $(shell pkg-config --libs jansson) $(if $(PBC_SRC),,-lprotobuf-c) -o $@

$(BUILD)/fuzz-csv: tests/fuzz/fuzz_csv.c client/csv.c client/csv.h
	@mkdir -p $(BUILD)
	$(FUZZ_CC) -Iclient tests/fuzz/fuzz_csv.c client/csv.c -o $@

$(BUILD)/fuzz-xlsx: tests/fuzz/fuzz_xlsx.c client/xlsx.c client/csv.c client/xlsx.h
	@mkdir -p $(BUILD)
	$(FUZZ_CC) -Iclient tests/fuzz/fuzz_xlsx.c client/xlsx.c client/csv.c \
	  $(shell pkg-config --cflags --libs libzip expat) -o $@

$(BUILD)/fuzz-seeds: tests/fuzz/make_seeds.c $(COMMON_O)
	$(CC) $(CFLAGS) tests/fuzz/make_seeds.c $(COMMON_O) $(LDLIBS) -o $@

# The three targets at once, FUZZ_SECONDS each (tests/fuzz/run.sh)
fuzz: $(BUILD)/fuzz-frame $(BUILD)/fuzz-csv $(BUILD)/fuzz-xlsx $(BUILD)/fuzz-seeds $(BUILD)/mkxlsx
	@BUILD=$(BUILD) PBC="$(PBC_SRC)" tests/fuzz/run.sh

# make test T="area or test ...": only those integration tests (tests/integration/run.sh)
test:
	@t0=$$(date +%s); \
	if [ -n "$(T)" ]; then $(MAKE) --no-print-directory deps integration T="$(T)"; \
	else $(MAKE) --no-print-directory test-all; fi; rc=$$?; \
	echo "make test: $$([ $$rc = 0 ] && echo 'all suites passed' || echo FAILED) in $$(($$(date +%s) - t0)) s"; \
	exit $$rc

test-all: deps check-schema-version check-paths check-docs unit integration fuzz

asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) BUILD=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  OPT="-O1 -g" unit integration

# ---------------------------------------------------------------- bench

$(BUILD)/pairing-bench: $(call OBJ,tests/bench/pairing_bench.c common/pairing.c)
	$(CC) $(LDFLAGS) $^ -o $@

$(BUILD)/bench-tool: $(COMMON_O) $(call OBJ,tests/bench/bench.c client/net.c)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

bench: deps all $(BUILD)/bench-tool $(BUILD)/pairing-bench
	BUILD=$(BUILD) tests/bench/run.sh

clean:
	rm -rf build build-asan
