# Lanner: the two set-up commands are `sudo make run` and `sudo make test`.
# Both install what is missing (scripts/install-deps), then build.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
CMAKE_FLAGS += -DLANNER_WERROR=ON
endif

.PHONY: all deps build run test bench format clean distclean kmod kernel-matrix deb

all: build

# Installs Debian packages only when something is missing.
deps:
	@scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

# The main job: watch this machine with the default rules.
run: build
	scripts/run-lanner $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

# The kernel module against a kernel build tree (default: the running kernel's).
kmod:
	$(MAKE) -C kmod $(if $(KDIR),KDIR=$(KDIR))

# Both drivers on Debian 5.10, 6.1 and 6.12 in qemu (scripts/kernel-test).
kernel-matrix: build
	scripts/kernel-test --matrix --guest-test $(BUILD_DIR)/tests/kmod/kmod_guest_test \
		--lanner $(BUILD_DIR)/engine/app/lanner

# Debian packages lanner and lanner-dkms (debian/), built from a copy of the
# tree into $(BUILD_DIR)/deb. Needs debhelper and dh-dkms (scripts/install-deps
# installs them; tests/package/deb-test builds and checks the packages).
deb:
	@command -v dh >/dev/null && dpkg -s dh-dkms >/dev/null 2>&1 || \
		{ echo "make deb needs debhelper and dh-dkms: apt-get install debhelper dh-dkms" >&2; exit 1; }
	rm -rf $(BUILD_DIR)/deb && mkdir -p $(BUILD_DIR)/deb/lanner
	tar --exclude=./.git --exclude='./build*' --exclude='./$(BUILD_DIR)' --exclude='./obj-*' \
		-cf - . | tar -xf - -C $(BUILD_DIR)/deb/lanner
	cd $(BUILD_DIR)/deb/lanner && dpkg-buildpackage -us -uc -b -j$(JOBS)
	@ls -l $(BUILD_DIR)/deb/*.deb

bench: build
	scripts/run-benchmarks $(BUILD_DIR)

format:
	scripts/check-format --fix

clean:
	rm -rf $(BUILD_DIR)
