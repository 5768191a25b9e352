// STS state: the temporary credentials the emulator issued. (Being built.)
#pragma once

namespace kanaria::emulator {

class World;

class StsState {
 public:
  explicit StsState(World& world) : world_(&world) {}

 private:
  World* world_;
};

}  // namespace kanaria::emulator
