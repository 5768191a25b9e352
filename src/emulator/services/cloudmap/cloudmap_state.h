// Cloud Map state: namespaces, services, instances. (Being built.)
#pragma once

#include "emulator/services/links.h"

namespace kanaria::emulator {

class World;

class CloudMapState final : public ServiceRegistryLinks {
 public:
  explicit CloudMapState(World& world) : world_(&world) {}
  bool ServiceExists(const std::string&) const override { return false; }
  void RegisterInstance(const std::string&, const std::string&,
                        const std::map<std::string, std::string>&) override {}
  void DeregisterInstance(const std::string&, const std::string&) override {}

 private:
  World* world_;
};

}  // namespace kanaria::emulator
