# The two commands a new user types:
#   make run    install missing system packages, build, run the main job
#   make test   install missing system packages, build, run the test suites
# Other targets: make build, make deps, make peers (peer libraries for bench/),
# make install PREFIX=..., make clean.

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
PREFIX ?= /usr/local
JOBS ?= 2

.PHONY: run test build deps peers install clean

deps:
	@./scripts/install-deps.sh

peers:
	@./scripts/install-deps.sh --peers

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the benchmark over all MGH and CUTEst problems (n near 100) with
# every method, and Newton against gradient descent on Rosenbrock; results and plots
# in out/bench/.
run: build
	@mkdir -p out/bench
	./$(BUILD)/hesse compare ROSENBROCK --plot out/bench/rosenbrock.png
	./$(BUILD)/hesse bench --csv out/bench/runs.csv --json out/bench/runs.json --plots out/bench

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD)
