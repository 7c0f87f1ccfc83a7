// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "./TestToken.sol";

/// PSM-like holder: swaps collateral (gem) 1:1 for the stablecoin and keeps the gem.
contract TestPsm {
    TestToken public stable;
    TestToken public gem;
    uint256 public immutable scale;

    constructor(TestToken stable_, TestToken gem_) {
        stable = stable_;
        gem = gem_;
        scale = 10 ** (uint256(stable_.decimals()) - uint256(gem_.decimals()));
    }

    function sellGem(uint256 gemAmount) external {
        gem.transferFrom(msg.sender, address(this), gemAmount);
        stable.mint(msg.sender, gemAmount * scale);
    }

    function buyGem(uint256 gemAmount) external {
        stable.burn(msg.sender, gemAmount * scale);
        gem.transfer(msg.sender, gemAmount);
    }
}
