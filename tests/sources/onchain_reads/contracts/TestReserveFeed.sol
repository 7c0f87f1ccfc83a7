// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// AggregatorV3-like Proof-of-Reserve feed whose answer the test sets.
contract TestReserveFeed {
    uint8 public decimals;
    string public description;
    uint80 private round;
    int256 private answer;
    uint256 private updatedAt;

    constructor(uint8 decimals_, string memory description_) {
        decimals = decimals_;
        description = description_;
    }

    function setAnswer(int256 answer_) external {
        round += 1;
        answer = answer_;
        updatedAt = block.timestamp;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (round, answer, updatedAt, updatedAt, round);
    }
}
