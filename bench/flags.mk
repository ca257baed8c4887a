# flags.mk - prints the Makefile's compile and link flags, so that bench/bench.sh and
# fuzz/run.sh build their drivers exactly as the library is built:
#   make -s -f Makefile -f bench/flags.mk kh-cflags   (and kh-libs)
.PHONY: kh-cflags kh-libs
kh-cflags:
	@echo $(BASEFLAGS)
kh-libs:
	@echo $(LDLIBS)
