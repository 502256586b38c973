# Shortcuts; ./run.sh is the entry point that works without make.
.PHONY: demo test ci openapi fmt
demo:
	./run.sh demo
test:
	./run.sh test
ci:
	.ci/run
openapi:
	cargo run -q -p crosstalk-api -- openapi > openapi.yaml
fmt:
	cargo fmt --all
