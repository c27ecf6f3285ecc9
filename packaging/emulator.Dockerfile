# acs-rooms-emulator in a container: Debian 12 with the acs-rooms-tools package.
# Build context: a folder holding acs-rooms-tools_*.deb (e.g. the CMake build folder after
# `cmake --build build --target package`); see docs/emulator.md, "In a container".
FROM debian:12-slim
COPY acs-rooms-tools_*.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/acs-rooms-tools_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb
# The access key comes from ACS_ROOMS_EMULATOR_ACCESS_KEY (random when unset: see the log).
VOLUME /data
EXPOSE 8089
ENTRYPOINT ["acs-rooms-emulator", "--host", "0.0.0.0", "--port", "8089", "--data-dir", "/data"]
