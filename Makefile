# wirekit's front door: every target hands over to CMake, ctest or a script
# in cmake/. No build logic lives here.
#
#   make deps      install what the build, tests and demo need (Debian/Ubuntu)
#   make           build into $(BUILD_DIR)
#   make check     deps, build, then the whole test suite through ctest
#   make demo      deps, build, then each finished tool's main job on loopback
#   make install   PREFIX=/usr/local DESTDIR= (binaries and man pages)
#   make bench     the benchmarks in bench/, peers side by side
#   make clean
#
# SANITIZE=1 builds with AddressSanitizer and UBSan into build-asan/.

PREFIX ?= /usr/local
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD_DIR ?= build-asan
CMAKE_FLAGS += -DWIREKIT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
else
BUILD_DIR ?= build
endif
CMAKE ?= cmake
JOBS ?= 2

.PHONY: all build deps configure check demo install bench clean

all: build

configure:
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j$(JOBS)

deps:
	sh cmake/deps.sh $(BUILD_DIR)

check: deps
	$(MAKE) build
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 300

demo: deps
	$(MAKE) build
	sh cmake/demo.sh $(BUILD_DIR)

install: build
	DESTDIR=$(DESTDIR) $(CMAKE) --install $(BUILD_DIR) --prefix $(PREFIX) --strip

bench: deps
	$(MAKE) build
	BUILD_DIR=$(abspath $(BUILD_DIR)) bash bench/timed/run.sh
	BUILD_DIR=$(abspath $(BUILD_DIR)) bash bench/pscan/run.sh
	BUILD_DIR=$(abspath $(BUILD_DIR)) bash bench/bwmeter/run.sh
	BUILD_DIR=$(abspath $(BUILD_DIR)) bash bench/mailpoll/run.sh
	BUILD_DIR=$(abspath $(BUILD_DIR)) bash bench/ftpx/run.sh

clean:
	rm -rf build build-asan
